using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Vetting.Activities.Specs;
using Vetting.Protocol;
using Vetting.Server.Http;

namespace Vetting.Server.Hosts;

/// <summary>Checks a host registration; every problem is reported under the field it concerns.</summary>
public static partial class HostValidation
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,63}$")]
    private static partial Regex NamePattern();

    /// <summary>The largest expected spec accepted (bytes of UTF-8): a full 60-disk server spec is a few KB.</summary>
    public const int MaxSpecBytes = 64 * 1024;

    /// <summary>A checked host; <c>Site</c> null when the request named none.</summary>
    public sealed record Valid(string Name, string Mac, string WolBroadcast, string ExpectedSpec, string? Site);

    public static (Valid? Host, Dictionary<string, string[]> Errors) Check(HostRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.Name) || !NamePattern().IsMatch(request.Name))
        {
            errors["name"] = [$"'{SafeText.Excerpt(request.Name)}' is not a valid name: 1–63 characters of A–Z, a–z, 0–9, '.', '_' or '-'"];
        }

        if (!MacAddress.TryNormalize(request.Mac, out var mac))
        {
            errors["mac"] = [$"'{SafeText.Excerpt(request.Mac)}' is not a MAC address (e.g. 52:54:00:12:34:56, 52-54-00-12-34-56 or 525400123456)"];
        }

        if (!IsIpv4(request.WolBroadcast))
        {
            errors["wolBroadcast"] = [$"'{SafeText.Excerpt(request.WolBroadcast)}' is not an IPv4 address (e.g. 10.77.0.255)"];
        }

        var spec = request.ExpectedSpec ?? "";
        var specErrors = Oversized(spec) ? (IReadOnlyList<SpecError>)[] : ExpectedSpecParser.Validate(spec);
        if (specErrors.Count > 0)
        {
            errors["expectedSpec"] = [.. specErrors.Select(e => e.ToString())];
        }

        if (request.Site is not null && Configuration.SiteOptions.NameProblem(request.Site) is { } siteProblem)
        {
            errors["site"] = [$"'{SafeText.Excerpt(request.Site)}' is not a site name: {siteProblem}"];
        }

        return errors.Count > 0 ? (null, errors) : (new Valid(request.Name!, mac!, request.WolBroadcast!, spec, request.Site), errors);
    }

    /// <summary>The spec is over <see cref="MaxSpecBytes"/> (a spec stored before specs were capped may be).</summary>
    public static bool Oversized(string? spec) => spec is not null && System.Text.Encoding.UTF8.GetByteCount(spec) > MaxSpecBytes;

    /// <summary>413 when the spec is over <see cref="MaxSpecBytes"/>; checked before anything parses it.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? TooLarge(HostRequest request) =>
        Oversized(request.ExpectedSpec)
            ? Problems.WithStatus(StatusCodes.Status413PayloadTooLarge,
                $"expectedSpec is {System.Text.Encoding.UTF8.GetByteCount(request.ExpectedSpec!)} bytes; at most {MaxSpecBytes} bytes (64 KiB) are accepted")
            : null;

    private static bool IsIpv4(string? text) =>
        text is not null && text.Count(c => c == '.') == 3 && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;
}
