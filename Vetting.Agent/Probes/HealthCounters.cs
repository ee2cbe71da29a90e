using System.Globalization;
using Vetting.Agent.Tools;

namespace Vetting.Agent.Probes;

/// <summary>
/// Error and throttle counters that only ever grow, read before and after a stress run; the difference is
/// what the run provoked. A null member means the machine does not expose that counter (no EDAC driver, a
/// VM without thermal_throttle), which is reported, not treated as zero.
/// </summary>
public sealed record HealthCounters(long? ThrottleEvents, long? EdacCorrected, long? EdacUncorrected, long? MachineChecks)
{
    public static HealthCounters Read(ISystemFiles files) => new(
        SumOf(files, files.List("/sys/devices/system/cpu", "cpu*")
            .SelectMany(cpu => files.List($"{cpu}/thermal_throttle", "*_throttle_count"))),
        SumOf(files, files.List("/sys/devices/system/edac/mc", "mc*").Select(mc => $"{mc}/ce_count")),
        SumOf(files, files.List("/sys/devices/system/edac/mc", "mc*").Select(mc => $"{mc}/ue_count")),
        MachineCheckCount(files.ReadText("/proc/interrupts")));

    /// <summary>How much each counter grew since <paramref name="before"/>; null where either reading is missing.</summary>
    public HealthCounters Since(HealthCounters before) => new(
        Delta(before.ThrottleEvents, ThrottleEvents),
        Delta(before.EdacCorrected, EdacCorrected),
        Delta(before.EdacUncorrected, EdacUncorrected),
        Delta(before.MachineChecks, MachineChecks));

    /// <summary>The "MCE:" row of /proc/interrupts: machine-check exceptions per CPU, without needing dmesg or mcelog.</summary>
    public static long? MachineCheckCount(string? interrupts)
    {
        var row = interrupts?.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("MCE:", StringComparison.Ordinal));
        if (row is null)
        {
            return null;
        }

        long total = 0;
        foreach (var word in row[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                break;
            }

            total += count;
        }

        return total;
    }

    private static long? SumOf(ISystemFiles files, IEnumerable<string> paths)
    {
        long? total = null;
        foreach (var path in paths)
        {
            if (long.TryParse(files.ReadText(path)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                total = (total ?? 0) + value;
            }
        }

        return total;
    }

    private static long? Delta(long? before, long? after) => before is { } b && after is { } a ? Math.Max(0, a - b) : null;
}
