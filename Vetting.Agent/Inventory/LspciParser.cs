using System.Text;
using System.Text.RegularExpressions;
using Vetting.Protocol.Hardware;

namespace Vetting.Agent.Inventory;

/// <summary>
/// Parses <c>lspci -mm -nn -D</c>: one device per line, quoted fields, each name followed by its id in
/// brackets: <c>0000:3b:00.0 "Ethernet controller [0200]" "Intel Corporation [8086]" "Ethernet Controller X550 [1563]" -r01 ...</c>
/// </summary>
public static partial class LspciParser
{
    public static readonly string[] Arguments = ["-mm", "-nn", "-D"];

    public static IReadOnlyList<PciDeviceInfo> Parse(string? text)
    {
        var devices = new List<PciDeviceInfo>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = Fields(line);
            if (fields.Count < 4)
            {
                continue;
            }

            var (_, classId) = NameAndId(fields[1]);
            var (vendorName, vendorId) = NameAndId(fields[2]);
            var (deviceName, deviceId) = NameAndId(fields[3]);
            devices.Add(new PciDeviceInfo
            {
                // Without -D lspci leaves out the domain; the contract's address always has one.
                Address = fields[0].Count(c => c == ':') == 1 ? "0000:" + fields[0] : fields[0],
                Class = classId,
                VendorId = vendorId,
                DeviceId = deviceId,
                VendorName = vendorName,
                DeviceName = deviceName,
            });
        }

        return devices;
    }

    /// <summary>GPUs are PCI class 03xx (VGA, XGA, 3D, display controller).</summary>
    public static IReadOnlyList<GpuInfo> Gpus(IEnumerable<PciDeviceInfo> devices) =>
        [.. devices.Where(d => d.Class?.StartsWith("03", StringComparison.Ordinal) == true)
            .Select(d => new GpuInfo { VendorId = d.VendorId, DeviceId = d.DeviceId, Name = d.DeviceName })];

    private static (string? Name, string? Id) NameAndId(string field)
    {
        var match = TrailingId().Match(field);
        if (!match.Success)
        {
            return (Blank(field), null);
        }

        return (Blank(field[..match.Index]), match.Groups["id"].Value.ToLowerInvariant());
    }

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // Unquoted words (the slot, -r01, -p00) and "quoted strings" in order.
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var inField = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                inField = true;
                if (!quoted)
                {
                    fields.Add(current.ToString());
                    current.Clear();
                    inField = false;
                }
            }
            else if (c == ' ' && !quoted)
            {
                if (inField && current.Length > 0)
                {
                    fields.Add(current.ToString());
                }

                current.Clear();
                inField = false;
            }
            else
            {
                current.Append(c);
                inField = true;
            }
        }

        if (inField && current.Length > 0)
        {
            fields.Add(current.ToString());
        }

        // Options such as -r01 (revision) and -p00 (prog-if) sit between the names; the first four fields are positional.
        return [.. fields.Where((f, i) => i == 0 || !f.StartsWith('-') || f.Length == 0)];
    }

    [GeneratedRegex(@"\s*\[(?<id>[0-9A-Fa-f]{4})\]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingId();
}
