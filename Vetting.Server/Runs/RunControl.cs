using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Activities.Ports;
using Vetting.Activities.Steps;
using Vetting.Protocol;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Notifications;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Runs;

public sealed record ControlResult(bool Ok, string? Problem = null);

/// <summary>Operator actions on a run (cancel, override, release) and the lost-agent verdict.</summary>
public sealed class RunControl(
    VettingDbContext db,
    RunGateway gateway,
    WorkflowRuntime runtime,
    NotificationDispatcher notifications,
    RunLog log,
    AgentOptions agentOptions,
    TimeProvider clock)
{
    public async Task<ControlResult> CancelAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.FirstAsync(r => r.Id == runId, cancellationToken);
        if (RunStates.IsTerminal(run.State))
        {
            return new ControlResult(false, $"run {runId} has already ended ({run.State})");
        }

        await log.AppendAsync(runId, "orchestrator", "cancelled by the operator", cancellationToken);
        await EndOutsideWorkflowAsync(run, RunStates.Cancelled, null, cancellationToken);
        notifications.Dispatch(await gateway.DescribeAsync(runId, NotificationEvents.Cancelled, null, cancellationToken));
        return new ControlResult(true);
    }

    public async Task<ControlResult> OverrideWipeProbeAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.FirstAsync(r => r.Id == runId, cancellationToken);
        if (run.State != RunStates.FailedHolding || run.FailureStage != StageNames.Storage || run.FailureReason != FailureReasons.WipeProbeRefused)
        {
            return new ControlResult(false,
                $"the override applies only to a run in FailedHolding whose storage stage failed with '{FailureReasons.WipeProbeRefused}' (run {runId} is {run.State}{(run.FailureReason is null ? "" : $", failure {run.FailureStage}/{run.FailureReason}")})");
        }

        run.AllowDestructive = true;
        (run.FailureStage, run.FailureReason, run.FailureMessage) = (null, null, null);
        await log.AppendAsync(runId, "orchestrator", "operator overrode the wipe-probe: storage re-runs destructively", cancellationToken);
        return await ResumeHoldAsync(run, HoldForSsh.OverrideAction, cancellationToken);
    }

    public async Task<ControlResult> ReleaseAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.FirstAsync(r => r.Id == runId, cancellationToken);
        if (run.State != RunStates.FailedHolding)
        {
            return new ControlResult(false, $"only a held run can be released (run {runId} is {run.State})");
        }

        await log.AppendAsync(runId, "orchestrator", "operator released the hold", cancellationToken);
        return await ResumeHoldAsync(run, HoldForSsh.ReleaseAction, cancellationToken);
    }

    /// <summary>No call from the agent for <c>agent.lost_after</c>: the run fails and its workflow stops.</summary>
    public async Task FailLostAgentAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.FirstAsync(r => r.Id == runId, cancellationToken);
        if (RunStates.IsTerminal(run.State))
        {
            return;
        }

        var stage = StageNames.All.FirstOrDefault(s => RunStates.ForStage(s) == run.State);
        var failure = new RunFailure(stage, "agent-lost",
            $"no call from the agent since {run.AgentSeenAt:u} (agent.lost_after = {agentOptions.LostAfter}); the node may have crashed, rebooted or lost its network");
        await EndOutsideWorkflowAsync(run, RunStates.Failed, failure, cancellationToken);
        notifications.Dispatch(await gateway.DescribeAsync(runId, NotificationEvents.Failed, null, cancellationToken));
    }

    private async Task<ControlResult> ResumeHoldAsync(Run run, string action, CancellationToken cancellationToken)
    {
        var results = await runtime.ResumeAsync(VettingBookmarks.Hold, VettingBookmarks.RunStimulus(run.Id), new { action }, cancellationToken);
        return results.Any(r => r.Status == ResumeStatus.Resumed)
            ? new ControlResult(true)
            : new ControlResult(false, $"run {run.Id} is not waiting in its hold step (its workflow has no HoldForSsh bookmark)");
    }

    /// <summary>Ends a run from outside its workflow: withdraws instructions, powers a live node off, stops the instance, writes the report.</summary>
    private async Task EndOutsideWorkflowAsync(Run run, string state, RunFailure? failure, CancellationToken cancellationToken)
    {
        var alive = run.AgentSeenAt is { } seen && clock.GetUtcNow() - seen < agentOptions.LostAfter;
        foreach (var pending in await db.Instructions.Where(i => i.RunId == run.Id && i.CompletedAt == null && !i.Withdrawn).ToListAsync(cancellationToken))
        {
            pending.Withdrawn = true;
        }

        if (failure is not null)
        {
            await gateway.FailAsync(run.Id, failure, cancellationToken);
        }

        if (alive && failure?.Reason != "agent-lost")
        {
            db.Instructions.Add(new Agents.AgentInstruction
            {
                Id = Guid.NewGuid().ToString("N"),
                RunId = run.Id,
                Kind = InstructionKinds.PowerOff,
                CreatedAt = clock.GetUtcNow(),
                Deadline = clock.GetUtcNow().AddDays(1),
            });
        }

        await gateway.SetStateAsync(run.Id, state, cancellationToken);
        run.EndedAt = clock.GetUtcNow();
        foreach (var stage in (await db.LoadAsync(run.Id, cancellationToken))!.Stages.Where(s => s.Status == "running"))
        {
            (stage.Status, stage.EndedAt) = ("cancelled", run.EndedAt);
        }

        await gateway.WriteReportAsync(run.Id, cancellationToken);
        if (run.WorkflowInstanceId is null || !await runtime.CancelAsync(run.WorkflowInstanceId, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
