using System.Globalization;

namespace Vetting.Agent.Cpu;

/// <summary>One stressor's line of stress-ng's metrics.</summary>
public sealed record StressorMetrics(string Stressor, double BogoOps, double BogoOpsPerSecondRealTime);

/// <summary>
/// Reads the <c>metrics:</c> list of stress-ng's <c>--yaml</c> file. Its YAML is flat and machine-written
/// (<c>    - stressor: cpu</c> followed by <c>      key: value</c> lines), so a line reader is enough and keeps
/// the agent free of a reflection-based YAML library.
/// </summary>
public static class StressNgMetrics
{
    public static IReadOnlyList<StressorMetrics> Parse(string? yaml)
    {
        var metrics = new List<StressorMetrics>();
        var inMetrics = false;
        string? stressor = null;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in (yaml ?? "").Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '-')
            {
                Flush();
                inMetrics = line.TrimEnd() == "metrics:";
                continue;
            }

            if (!inMetrics)
            {
                continue;
            }

            var trimmed = line.Trim();
            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                Flush();
                trimmed = trimmed[2..].Trim();
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = trimmed[..colon];
            var value = trimmed[(colon + 1)..].Trim().Trim('\'', '"');
            if (key == "stressor")
            {
                stressor = value;
            }
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                values[key] = number;
            }
        }

        Flush();
        return metrics;

        void Flush()
        {
            if (stressor is not null)
            {
                metrics.Add(new StressorMetrics(stressor, values.GetValueOrDefault("bogo-ops"), values.GetValueOrDefault("bogo-ops-per-second-real-time")));
            }

            stressor = null;
            values.Clear();
        }
    }
}
