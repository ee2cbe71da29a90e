using Vetting.Activities;
using Vetting.Activities.Ports;
using Vetting.Activities.Steps;
using Vetting.Protocol;
using Vetting.Server.Agents;
using Vetting.Server.Data;
using Vetting.Server.Notifications;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Runs;

public sealed record ControlResult(bool Ok, string? Problem = null);

/// <summary>Operator actions on a run (cancel, override, release) and the lost-agent verdict: everything that ends or steers a run from outside its workflow.</summary>
public sealed class RunControl(
    VettingDbContext db,
    RunLifecycle lifecycle,
    RunResumer resumer,
    WorkflowRuntime runtime,
    AgentPresence presence,
    RunNotices notices,
    NotificationOutbox outbox,
    NotificationDeliveryService delivery,
    RunLog log)
{
    public async Task<ControlResult> CancelAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await LoadAsync(runId, cancellationToken);
        if (RunStates.IsTerminal(run.State))
        {
            return new ControlResult(false, $"run {runId} has already ended ({run.State})");
        }

        await log.AppendAsync(runId, "orchestrator", "cancelled by the operator", cancellationToken);
        await EndOutsideWorkflowAsync(run, RunStates.Cancelled, null, NotificationEvents.Cancelled, "operator-cancel", cancellationToken);
        return new ControlResult(true);
    }

    public async Task<ControlResult> OverrideWipeProbeAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await LoadAsync(runId, cancellationToken);
        if (run.State != RunStates.FailedHolding || run.FailureStage != StageNames.Storage || run.FailureReason != FailureReasons.WipeProbeRefused)
        {
            return new ControlResult(false,
                $"the override applies only to a run in FailedHolding whose storage stage failed with '{FailureReasons.WipeProbeRefused}' (run {runId} is {run.State}{(run.FailureReason is null ? "" : $", failure {run.FailureStage}/{run.FailureReason}")})");
        }

        run.AllowDestructive = true;
        (run.FailureStage, run.FailureReason, run.FailureMessage) = (null, null, null);
        await log.AppendAsync(runId, "orchestrator", "operator overrode the wipe-probe: storage re-runs destructively", cancellationToken);
        return await DecideHoldAsync(run, HoldForSsh.OverrideAction, cancellationToken);
    }

    public async Task<ControlResult> ReleaseAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await LoadAsync(runId, cancellationToken);
        if (run.State != RunStates.FailedHolding)
        {
            return new ControlResult(false, $"only a held run can be released (run {runId} is {run.State})");
        }

        await log.AppendAsync(runId, "orchestrator", "operator released the hold", cancellationToken);
        return await DecideHoldAsync(run, HoldForSsh.ReleaseAction, cancellationToken);
    }

    /// <summary>
    /// No call from the agent for <c>agent.lost_after</c> while the run waits on it: the run fails and its workflow
    /// stops. False when the run ended or its agent called meanwhile.
    /// </summary>
    public async Task<bool> FailLostAgentAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await LoadAsync(runId, cancellationToken);
        if (!presence.IsLost(run))
        {
            return false;
        }

        var stage = StageNames.All.FirstOrDefault(s => RunStates.ForStage(s) == run.State);
        var failure = new RunFailure(stage, "agent-lost",
            $"no call from the agent since {run.AgentSeenAt:u} (agent.lost_after = {presence.LostAfter}); the node may have crashed, rebooted or lost its network");
        await EndOutsideWorkflowAsync(run, RunStates.Failed, failure, NotificationEvents.Failed, "agent-lost", cancellationToken);
        return true;
    }

    private async Task<Run> LoadAsync(int runId, CancellationToken cancellationToken) =>
        await db.LoadAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"run {runId} does not exist");

    private async Task<ControlResult> DecideHoldAsync(Run run, string action, CancellationToken cancellationToken) =>
        await resumer.HoldDecidedAsync(run.Id, new HoldDecision(action), cancellationToken)
            ? new ControlResult(true)
            : new ControlResult(false, $"run {run.Id} is not waiting in its hold step (its workflow has no HoldForSsh bookmark)");

    /// <summary>Ends the run, stops its workflow instance and queues its notification, committing all three at once.</summary>
    private async Task EndOutsideWorkflowAsync(Run run, string state, RunFailure? failure, string @event, string occurrence, CancellationToken cancellationToken)
    {
        await lifecycle.EndAsync(run, state, failure, cancellationToken);
        await outbox.EnqueueAsync(notices.Describe(run, @event, null), occurrence, cancellationToken);
        if (run.WorkflowInstanceId is null || !await runtime.CancelAsync(run.WorkflowInstanceId, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        delivery.Wake();
    }
}
