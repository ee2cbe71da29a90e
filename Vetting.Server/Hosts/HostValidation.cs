using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Vetting.Activities.Specs;
using Vetting.Protocol;

namespace Vetting.Server.Hosts;

/// <summary>Checks a host registration; every problem is reported under the field it concerns.</summary>
public static partial class HostValidation
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,63}$")]
    private static partial Regex NamePattern();

    public sealed record Valid(string Name, string Mac, string WolBroadcast, string ExpectedSpec);

    public static (Valid? Host, Dictionary<string, string[]> Errors) Check(HostRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.Name) || !NamePattern().IsMatch(request.Name))
        {
            errors["name"] = [$"'{request.Name}' is not a valid name: 1–63 characters of A–Z, a–z, 0–9, '.', '_' or '-'"];
        }

        if (!MacAddress.TryNormalize(request.Mac, out var mac))
        {
            errors["mac"] = [$"'{request.Mac}' is not a MAC address (e.g. 52:54:00:12:34:56, 52-54-00-12-34-56 or 525400123456)"];
        }

        if (!IsIpv4(request.WolBroadcast))
        {
            errors["wolBroadcast"] = [$"'{request.WolBroadcast}' is not an IPv4 address (e.g. 10.77.0.255)"];
        }

        var spec = request.ExpectedSpec ?? "";
        var specErrors = ExpectedSpecParser.Validate(spec);
        if (specErrors.Count > 0)
        {
            errors["expectedSpec"] = [.. specErrors.Select(e => e.ToString())];
        }

        return errors.Count > 0 ? (null, errors) : (new Valid(request.Name!, mac!, request.WolBroadcast!, spec), errors);
    }

    private static bool IsIpv4(string? text) =>
        text is not null && text.Count(c => c == '.') == 3 && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;
}
