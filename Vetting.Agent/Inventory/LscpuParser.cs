using System.Globalization;
using System.Text.Json;
using Vetting.Agent.Probes;
using Vetting.Protocol.Hardware;

namespace Vetting.Agent.Inventory;

/// <summary>Parses <c>lscpu -J</c>: a list of {field, data} pairs, nested under "children" by newer util-linux.</summary>
public static class LscpuParser
{
    public static readonly string[] Arguments = ["-J"];

    /// <summary>Null when the output is not lscpu JSON.</summary>
    public static CpuInfo? Parse(string? json)
    {
        using var document = JsonRead.ParseLenient(json);
        if (document?.RootElement.Property("lscpu") is not { ValueKind: JsonValueKind.Array } entries)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(entries, fields);
        int? Int(string field) => fields.TryGetValue(field, out var text)
                                  && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

        var sockets = Int("Socket(s):");
        var coresPerSocket = Int("Core(s) per socket:");
        return new CpuInfo
        {
            Model = fields.GetValueOrDefault("Model name:"),
            Sockets = sockets,
            PhysicalCores = sockets * coresPerSocket,
            LogicalCores = Int("CPU(s):"),
            Flags = fields.TryGetValue("Flags:", out var flags) ? Words(flags) : null,
        };
    }

    /// <summary>The "flags" line of the first processor in /proc/cpuinfo (the kernel's view, same on every core).</summary>
    public static IReadOnlyList<string>? FlagsFromCpuInfo(string? cpuinfo)
    {
        var line = cpuinfo?.Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal));
        return line is null ? null : Words(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..]);
    }

    private static List<string> Words(string text) => [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    private static void Collect(JsonElement entries, Dictionary<string, string> fields)
    {
        foreach (var entry in entries.EnumerateArray())
        {
            // The first occurrence wins: nested children repeat names such as "Model name:" per cache level.
            if (entry.String("field") is { } field && entry.String("data") is { } data)
            {
                fields.TryAdd(field, data);
            }

            if (entry.Property("children") is { ValueKind: JsonValueKind.Array } children)
            {
                Collect(children, fields);
            }
        }
    }
}
