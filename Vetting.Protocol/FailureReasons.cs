namespace Vetting.Protocol;

/// <summary>
/// Stable values of <see cref="StageFailure.Reason"/>. The server acts on some of them (the operator
/// may override <see cref="WipeProbeRefused"/>), so they never change spelling.
/// </summary>
public static class FailureReasons
{
    /// <summary>The destructive write test found a partition table or filesystem signature.</summary>
    public const string WipeProbeRefused = "wipe-probe-refused";

    public const string SmartFailed = "smart-failed";

    /// <summary>A stressor, memtester or fio verify reported data that did not read back as written.</summary>
    public const string VerifyErrors = "verify-errors";

    /// <summary>New thermal-throttle events appeared during the stage.</summary>
    public const string ThermalThrottle = "thermal-throttle";

    /// <summary>The maximum temperature exceeded the spec's threshold without throttling being reported.</summary>
    public const string TemperatureHigh = "temperature-high";

    public const string LinkDown = "link-down";

    public const string LinkSpeed = "link-speed";

    /// <summary>Measured disk or network throughput is below the threshold.</summary>
    public const string Throughput = "throughput";

    /// <summary>New corrected or uncorrected EDAC counts appeared during the stage.</summary>
    public const string EdacErrors = "edac-errors";

    /// <summary>New machine-check exceptions appeared during the stage.</summary>
    public const string MceErrors = "mce-errors";

    /// <summary>The inventory differs from the expected spec in a field of severity fail.</summary>
    public const string SpecMismatch = "spec-mismatch";

    /// <summary>A tool the stage needs is not in the live image (status error).</summary>
    public const string ToolMissing = "tool-missing";

    /// <summary>A tool crashed or printed output that could not be parsed (status error).</summary>
    public const string ToolFailed = "tool-failed";

    /// <summary>The stage did not finish before the instruction's deadline.</summary>
    public const string Timeout = "timeout";
}
