using System.Globalization;

namespace Vetting.Agent.Probes;

/// <summary>
/// Reads a SMART report the way an operator would: the drive's own PASSED is not enough, because drives keep
/// saying PASSED while remapping sectors. Any reallocated, pending or uncorrectable sector, NVMe media error or
/// critical warning is a problem.
/// </summary>
public static class SmartJudgement
{
    /// <summary>Human descriptions of every problem; empty for a healthy drive (or one without SMART data).</summary>
    public static IReadOnlyList<string> Problems(SmartReport report)
    {
        var problems = new List<string>();
        if (report.Passed == false)
        {
            problems.Add("SMART overall-health FAILED");
        }

        AddCount(problems, report.ReallocatedSectors, "reallocated sectors");
        AddCount(problems, report.PendingSectors, "pending sectors");
        AddCount(problems, report.OfflineUncorrectable, "offline uncorrectable sectors");
        AddCount(problems, report.MediaErrors, "NVMe media errors");
        if (report.CriticalWarning is > 0 and var warning)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"NVMe critical warning 0x{warning:x2}"));
        }

        if (report.FailingAttributes.Count > 0)
        {
            problems.Add("attributes failing now: " + string.Join(", ", report.FailingAttributes));
        }

        return problems;
    }

    private static void AddCount(List<string> problems, long? count, string what)
    {
        if (count is > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}"));
        }
    }
}
