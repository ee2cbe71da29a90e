using System.Globalization;

namespace Vetting.Agent.Inventory;

/// <summary>Parses /proc/meminfo into bytes per key (the file says "kB" and means KiB).</summary>
public static class MemInfoParser
{
    public static IReadOnlyDictionary<string, long> Parse(string? meminfo)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in (meminfo ?? "").Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var words = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0 && long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                values[line[..colon]] = words.Length > 1 && words[1] == "kB" ? number * 1024 : number;
            }
        }

        return values;
    }
}
