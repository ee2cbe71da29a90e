using System.Globalization;
using Vetting.Protocol.Hardware;

namespace Vetting.Agent.Inventory;

/// <summary>Installed DIMMs and ECC from <c>dmidecode -t memory</c> (DMI types 16 and 17).</summary>
public sealed record DmiMemory(IReadOnlyList<DimmInfo> Dimms, bool? Ecc)
{
    public static readonly string[] Arguments = ["-t", "memory"];

    /// <summary>Null when the output holds no memory structures (dmidecode failed, e.g. no /dev/mem and no sysfs DMI tables).</summary>
    public static DmiMemory? Parse(string? text)
    {
        var blocks = DmidecodeParser.Parse(text);
        var arrays = blocks.Where(b => b.Title == "Physical Memory Array").ToList();
        var devices = blocks.Where(b => b.Title == "Memory Device").ToList();
        if (arrays.Count == 0 && devices.Count == 0)
        {
            return null;
        }

        var dimms = devices.Select(Dimm).OfType<DimmInfo>().ToList();
        // "Error Correction Type: None" is an answer (no ECC); an absent or "Unknown" field is not.
        var corrections = arrays.Select(a => a.Values.GetValueOrDefault("Error Correction Type")?.Trim()).OfType<string>()
            .Where(t => !t.Equals("Unknown", StringComparison.OrdinalIgnoreCase)).ToList();
        bool? ecc = corrections.Count == 0 ? null : corrections.Any(IsEcc);
        return new DmiMemory(dimms, ecc);
    }

    private static bool IsEcc(string correction) =>
        correction.Contains("ECC", StringComparison.OrdinalIgnoreCase) || correction.Contains("Parity", StringComparison.OrdinalIgnoreCase);

    private static DimmInfo? Dimm(DmiBlock device)
    {
        var size = Size(device.Values.GetValueOrDefault("Size"));
        if (size is null)
        {
            // "No Module Installed": an empty slot.
            return null;
        }

        return new DimmInfo
        {
            Slot = device.Get("Locator"),
            SizeBytes = size,
            SpeedMts = Speed(device.Get("Configured Memory Speed")) ?? Speed(device.Get("Speed")),
            Type = device.Get("Type"),
            Manufacturer = device.Get("Manufacturer"),
            Serial = device.Get("Serial Number"),
        };
    }

    /// <summary>"16 GB", "16384 MB", "512 kB" → bytes.</summary>
    public static long? Size(string? text)
    {
        var words = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is not { Length: 2 } || !long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number == 0)
        {
            return null;
        }

        return words[1] switch
        {
            "TB" => number << 40,
            "GB" => number << 30,
            "MB" => number << 20,
            "kB" or "KB" => number << 10,
            "bytes" => number,
            _ => null,
        };
    }

    private static int? Speed(string? text)
    {
        var words = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words is { Length: 2 } && words[1] is "MT/s" or "MHz"
               && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var speed) && speed > 0 ? speed : null;
    }
}
