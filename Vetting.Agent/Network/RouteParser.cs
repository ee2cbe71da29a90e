using System.Text.Json;
using Vetting.Agent.Probes;

namespace Vetting.Agent.Network;

/// <summary>Parses <c>ip -j route get ADDRESS</c>: which interface (and source address) reaches the orchestrator.</summary>
public static class RouteParser
{
    public static IReadOnlyList<string> Arguments(string address) => ["-j", "route", "get", address];

    public static (string? Device, string? Source) Parse(string? json)
    {
        using var document = JsonRead.ParseLenient(json);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return (null, null);
        }

        var first = document.RootElement.EnumerateArray().FirstOrDefault();
        return first.ValueKind == JsonValueKind.Object ? (first.String("dev"), first.String("prefsrc")) : (null, null);
    }
}
