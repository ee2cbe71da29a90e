using System.Text.RegularExpressions;

namespace Vetting.Agent.Cpu;

/// <summary>What stress-ng's own log says about the run, independent of its exit code.</summary>
public sealed record StressNgLog(IReadOnlyList<string> Failures, bool? Successful)
{
    public bool HasFailures => Failures.Count > 0 || Successful == false;
}

/// <summary>
/// Parses stress-ng's log (stdout/stderr). Failures show up as <c>stress-ng: fail:  [pid] cpu: ... error
/// detected</c> lines, and the run ends with "successful run completed" or "unsuccessful run completed";
/// stress-ng's exit code has been 0 on runs with verification failures in some releases and setups, so the
/// log is the authority.
/// </summary>
public static partial class StressNgLogParser
{
    public static StressNgLog Parse(string? log)
    {
        var failures = new List<string>();
        bool? successful = null;
        foreach (var line in (log ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (FailLine().Match(line) is { Success: true } fail)
            {
                failures.Add(fail.Groups["what"].Value.Trim());
            }
            else if (line.Contains("unsuccessful run completed", StringComparison.Ordinal))
            {
                successful = false;
            }
            else if (line.Contains("successful run completed", StringComparison.Ordinal))
            {
                successful ??= true;
            }
            else if (FailedSummary().Match(line) is { Success: true } summary && summary.Groups["count"].Value != "0")
            {
                // Newer releases summarise: "info:  [pid] failed: 1: cpu (1)".
                failures.Add("stressors failed: " + summary.Groups["list"].Value.Trim());
            }
        }

        return new StressNgLog(failures, successful);
    }

    [GeneratedRegex(@"^stress-ng:\s+fail:\s+(\[\d+\]\s+)?(?<what>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex FailLine();

    [GeneratedRegex(@"^stress-ng:\s+info:\s+(\[\d+\]\s+)?failed:\s+(?<count>\d+)(:\s*(?<list>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex FailedSummary();
}
