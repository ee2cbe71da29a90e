using System.Globalization;

namespace Vetting.Agent.Inventory;

/// <summary>
/// Installed memory from <c>lsmem -b --summary=only</c>: the memory blocks the firmware handed to the kernel,
/// online plus offline. Used when DMI is unavailable (VMs without SMBIOS, containers without /dev/mem).
/// </summary>
public static class LsmemParser
{
    public static readonly string[] Arguments = ["-b", "--summary=only"];

    public static long? InstalledBytes(string? text)
    {
        long? online = null;
        long offline = 0;
        foreach (var line in (text ?? "").Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !long.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                continue;
            }

            switch (line[..colon].Trim())
            {
                case "Total online memory":
                    online = bytes;
                    break;
                case "Total offline memory":
                    offline = bytes;
                    break;
            }
        }

        return online + offline;
    }
}
