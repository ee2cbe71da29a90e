namespace Vetting.Server.Reports;

/// <summary>Values of <see cref="RunReport.Verdict"/>; consumers of report.json key on them, so they never change spelling.</summary>
public static class ReportVerdicts
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Ended without a verdict on the hardware: a stage could not be run (see <c>Runs.RunVerdict</c>).</summary>
    public const string Inconclusive = "inconclusive";
}
