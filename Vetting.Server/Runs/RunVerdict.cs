using Vetting.Activities;
using Vetting.Protocol;
using Vetting.Server.Reports;

namespace Vetting.Server.Runs;

/// <summary>
/// What a run says about the hardware, one word of <see cref="ReportVerdicts"/>. A run that ended because the agent
/// could not run a stage (status <c>error</c>: a tool missing, nothing tested within the budget, the iperf3 server
/// busy) is <c>inconclusive</c>, never <c>failed</c>: no fault was found, something was not covered.
/// </summary>
public static class RunVerdict
{
    /// <summary>The verdict of a run in <paramref name="state"/> (or of a run about to end with <paramref name="state"/>).</summary>
    public static string Of(Run run, string? state = null) => (state ?? run.State) switch
    {
        RunStates.Passed => ReportVerdicts.Passed,
        RunStates.Cancelled => ReportVerdicts.Cancelled,
        _ when NotCovered(run) is not null => ReportVerdicts.Inconclusive,
        _ => ReportVerdicts.Failed,
    };

    /// <summary>The stage attempt that could not be run and ended the run; null when the run ended for another reason.</summary>
    public static StageAttempt? NotCovered(Run run) =>
        run.FailureStage is { } stage
            ? run.Stages.Where(s => s.Name == stage).OrderBy(s => s.Attempt).LastOrDefault() is { Status: StageStatuses.Error } attempt
              && attempt.FailureReason == run.FailureReason
                ? attempt
                : null
            : null;
}
