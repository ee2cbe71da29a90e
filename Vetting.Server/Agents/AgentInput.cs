using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Vetting.Protocol;
using Vetting.Server.Http;

namespace Vetting.Server.Agents;

/// <summary>
/// Checks what a node under test sends before any of it is stored. The node is not trusted: whoever fetched a
/// waiting MAC's boot script holds the run's token, and what it sends reaches the operator's ssh command line, the
/// run log, notifications and the dashboard. Every field has a character set and a length; anything else is a 400
/// (or a 413 for counts over a limit) that names the field.
/// </summary>
public static partial class AgentInput
{
    /// <summary>Measurements one stage result may carry (a 60-disk server's storage stage reports a few hundred).</summary>
    public const int MaxMeasurements = 2000;

    /// <summary>Entries of any one inventory list (disks, NICs, PCI devices, DIMMs, CPU flags, GPUs).</summary>
    public const int MaxInventoryList = 1024;

    public const int MaxSummaryLength = 4096;
    public const int MaxMessageLength = 8192;
    public const int MaxNameLength = 128;
    public const int MaxArtifactNames = 500;

    /// <summary>The hello's fields, with the address in its normal form; errors map field → message.</summary>
    public static (string? Ip, Dictionary<string, string[]> Errors) Hello(HelloRequest hello, IPAddress? remote)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Token(errors, "agentVersion", hello.AgentVersion, 64);
        Token(errors, "bootId", hello.BootId, 64);
        Token(errors, "kernel", hello.Kernel, 128);
        if (hello.Hostname is null || !HostnameText().IsMatch(hello.Hostname))
        {
            errors["hostname"] = ["1 to 253 of [A-Za-z0-9.-_], starting with a letter or digit"];
        }

        if (hello.Macs is null || hello.Macs.Count > 64 || hello.Macs.Any(m => !MacAddress.TryNormalize(m, out _)))
        {
            errors["macs"] = ["a list of at most 64 MAC addresses (aa:bb:cc:dd:ee:ff)"];
        }

        string? ip = null;
        if (hello.Ip is not null)
        {
            ip = NormalIp(hello.Ip);
            if (ip is null)
            {
                errors["ip"] = ["an IPv4 or IPv6 address in its usual notation (10.77.0.50, fd77::50), nothing else"];
            }
        }
        else if (remote is not null)
        {
            ip = NormalIp(remote.ToString());
        }

        return (ip, errors);
    }

    /// <summary>
    /// The address in canonical form when <paramref name="text"/> is exactly an IP address; null otherwise. Forms that
    /// .NET would also read as an address ("1", "0x7f.1", "10.1") are refused, as are IPv6 zones ("%eth0").
    /// </summary>
    public static string? NormalIp(string? text)
    {
        if (text is null || text.Length > 45 || text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var normal = address.ToString();
        var dotted = address.AddressFamily == AddressFamily.InterNetwork;
        return dotted && normal != text ? null : normal;
    }

    /// <summary>Limits of a stage result; null when it is within them.</summary>
    public static (int Status, string Detail)? ResultLimits(StageResult result)
    {
        if (result.Measurements.Count > MaxMeasurements)
        {
            return (StatusCodes.Status413PayloadTooLarge, $"a result may carry at most {MaxMeasurements} measurements, this one has {result.Measurements.Count}");
        }

        if (result.Artifacts.Count > MaxArtifactNames)
        {
            return (StatusCodes.Status413PayloadTooLarge, $"a result may name at most {MaxArtifactNames} artifacts, this one names {result.Artifacts.Count}");
        }

        if (result.Inventory is { } inventory)
        {
            foreach (var (name, count) in new (string, int?)[]
                     {
                         ("inventory.disks", inventory.Disks?.Count), ("inventory.nics", inventory.Nics?.Count), ("inventory.pci", inventory.Pci?.Count),
                         ("inventory.gpus", inventory.Gpus?.Count), ("inventory.memory.dimms", inventory.Memory?.Dimms?.Count),
                         ("inventory.cpu.flags", inventory.Cpu?.Flags?.Count),
                     })
            {
                if (count > MaxInventoryList)
                {
                    return (StatusCodes.Status413PayloadTooLarge, $"{name} may list at most {MaxInventoryList} entries, this one lists {count}");
                }
            }
        }

        if (result.Summary.Length > MaxSummaryLength)
        {
            return (StatusCodes.Status413PayloadTooLarge, $"summary may be at most {MaxSummaryLength} characters, this one has {result.Summary.Length}");
        }

        if (result.Failure is { } failure)
        {
            if (failure.Message.Length > MaxMessageLength)
            {
                return (StatusCodes.Status413PayloadTooLarge, $"failure.message may be at most {MaxMessageLength} characters, this one has {failure.Message.Length}");
            }

            if (!ReasonText().IsMatch(failure.Reason))
            {
                return (StatusCodes.Status400BadRequest, "failure.reason must be a machine word: 1 to 64 of [a-z0-9-]");
            }
        }

        foreach (var m in result.Measurements)
        {
            if (m.Name.Length > MaxNameLength || m.Unit.Length > 32 || m.Device?.Length > MaxNameLength)
            {
                return (StatusCodes.Status400BadRequest, $"a measurement's name and device may be at most {MaxNameLength} characters and its unit 32");
            }

            if (!double.IsFinite(m.Value))
            {
                return (StatusCodes.Status400BadRequest, $"measurement '{SafeText.Clean(m.Name)}' has no finite value");
            }
        }

        return null;
    }

    /// <summary>The result with its free text made safe for logs, notifications and the UI (control characters shown escaped).</summary>
    public static StageResult Cleaned(StageResult result) => result with
    {
        Summary = SafeText.Clean(result.Summary),
        Failure = result.Failure is { } failure ? failure with { Message = SafeText.Clean(failure.Message) } : null,
        Measurements = [.. result.Measurements.Select(m => m with { Name = SafeText.Clean(m.Name), Unit = SafeText.Clean(m.Unit), Device = m.Device is null ? null : SafeText.Clean(m.Device) })],
    };

    private static void Token(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is null || value.Length is 0 || value.Length > max || !TokenText().IsMatch(value))
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"1 to {max} of [A-Za-z0-9._+~:-]")];
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._+~:-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenText();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$", RegexOptions.CultureInvariant)]
    private static partial Regex HostnameText();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReasonText();
}
