namespace Vetting.Protocol;

/// <summary>Values of <see cref="StageResult.Status"/>.</summary>
public static class StageStatuses
{
    /// <summary>The hardware met every check.</summary>
    public const string Passed = "passed";

    /// <summary>The hardware did not meet a check.</summary>
    public const string Failed = "failed";

    /// <summary>The agent could not run the stage, so nothing is known about the hardware.</summary>
    public const string Error = "error";

    public static IReadOnlyList<string> All { get; } = [Passed, Failed, Error];
}
