using System.Text.Json;

namespace Vetting.Agent.Probes;

/// <summary>One entry of <c>ip -j link</c>.</summary>
public sealed record IpLink(string Name, string? LinkType, string? Address, string? OperState, IReadOnlyList<string> Flags);

public static class IpLinkParser
{
    public static readonly string[] Arguments = ["-j", "link"];

    public static IReadOnlyList<IpLink>? Parse(string? json)
    {
        using var document = JsonRead.ParseLenient(json);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return [.. document.RootElement.EnumerateArray()
            .Select(link => link.String("ifname") is { } name
                ? new IpLink(name, link.String("link_type"), link.String("address"), link.String("operstate"),
                    [.. link.Array("flags").Select(f => f.ValueKind == JsonValueKind.String ? f.GetString() : null).OfType<string>()])
                : null)
            .OfType<IpLink>()];
    }
}
