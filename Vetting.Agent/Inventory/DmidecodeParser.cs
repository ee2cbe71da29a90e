namespace Vetting.Agent.Inventory;

/// <summary>One DMI structure as printed by dmidecode: its title ("Memory Device") and "Key: Value" lines.</summary>
public sealed record DmiBlock(string Title, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The value, or null when absent or one of the firmware's placeholders for "not filled in".</summary>
    public string? Get(string key) => Values.TryGetValue(key, out var value) ? DmidecodeParser.Meaningful(value) : null;
}

/// <summary>Splits dmidecode's text output into structures.</summary>
public static class DmidecodeParser
{
    // Strings vendors leave in DMI when nobody filled the field; reporting them would fake knowledge.
    private static readonly string[] Placeholders =
    [
        "Not Specified", "Not Provided", "Not Available", "Not Applicable", "Unknown", "None", "Default string",
        "To Be Filled By O.E.M.", "To be filled by O.E.M.", "System Product Name", "System manufacturer",
        "System Serial Number", "0123456789", "Unknown Unknown", "NO DIMM", "Empty",
    ];

    public static IReadOnlyList<DmiBlock> Parse(string? text)
    {
        var blocks = new List<DmiBlock>();
        string? title = null;
        Dictionary<string, string>? values = null;
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("Handle ", StringComparison.Ordinal))
            {
                Flush();
                title = null;
                values = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            else if (values is not null && title is null && line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                title = line.Trim();
            }
            else if (values is not null && line.StartsWith('\t') && !line.StartsWith("\t\t", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    values[line[1..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }
        }

        Flush();
        return blocks;

        void Flush()
        {
            if (title is not null && values is not null)
            {
                blocks.Add(new DmiBlock(title, values));
            }
        }
    }

    public static string? Meaningful(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) || Placeholders.Contains(trimmed, StringComparer.OrdinalIgnoreCase) ? null : trimmed;
    }
}
