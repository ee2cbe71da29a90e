using Vetting.Activities.Ports;
using Vetting.Protocol;
using Vetting.Server.Agents;
using Vetting.Server.Reports;

namespace Vetting.Server.Runs;

/// <summary>
/// How a run moves, fails and ends, for every caller: the workflow's activities, PXE, the scheduler, the operator's
/// cancel and the lost-agent monitor. It changes the scope's tracked entities and never saves: the caller commits.
/// </summary>
public sealed class RunLifecycle(AgentMailbox mailbox, AgentPresence presence, RunLog log, RunReports reports, TimeProvider clock)
{
    public async Task MoveAsync(Run run, string state, CancellationToken cancellationToken)
    {
        var from = run.State;
        if (run.MoveTo(state, clock.GetUtcNow()))
        {
            await log.AppendAsync(run.Id, "orchestrator", $"state {from} → {state}", cancellationToken);
        }
    }

    /// <summary>Records why the run failed (the stage is null for boot, hello and start failures).</summary>
    public async Task FailAsync(Run run, RunFailure failure, CancellationToken cancellationToken)
    {
        (run.FailureStage, run.FailureReason, run.FailureMessage) = (failure.Stage, failure.Reason, failure.Message);
        await log.AppendAsync(run.Id, "orchestrator",
            $"failed{(failure.Stage is null ? "" : " at " + failure.Stage)}: {failure.Reason}: {failure.Message}", cancellationToken);
    }

    /// <summary>
    /// Ends <paramref name="run"/> (loaded whole, for its report) in a terminal <paramref name="state"/>: nothing still
    /// queued reaches the agent, a live agent powers the node off, stages still running are cancelled, and the report
    /// is written. The workflow instance is the caller's business (it ends by itself, or the caller cancels it).
    /// </summary>
    public async Task EndAsync(Run run, string state, RunFailure? failure, CancellationToken cancellationToken)
    {
        var alive = presence.IsAlive(run);
        await mailbox.WithdrawAllAsync(run.Id, cancellationToken);
        if (failure is not null)
        {
            await FailAsync(run, failure, cancellationToken);
        }

        if (alive)
        {
            mailbox.EnqueuePowerOff(run.Id);
        }

        await MoveAsync(run, state, cancellationToken);
        run.EndedAt = clock.GetUtcNow();
        foreach (var stage in run.Stages.Where(s => s.Status == StageAttempt.Running))
        {
            (stage.Status, stage.EndedAt) = (StageAttempt.Cancelled, run.EndedAt);
        }

        await WriteReportAsync(run, cancellationToken);
    }

    public async Task WriteReportAsync(Run run, CancellationToken cancellationToken)
    {
        await reports.WriteAsync(run, cancellationToken);
        run.ReportWrittenAt = clock.GetUtcNow();
    }
}
