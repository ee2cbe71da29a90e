using Vetting.Activities;
using Vetting.Activities.Ports;
using Vetting.Activities.Steps;
using Vetting.Server.Data;
using Vetting.Server.Notifications;
using Vetting.Server.Runs;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Workflows;

/// <summary>
/// Keeps runs and their workflow instances in step, inside each step's transaction: records the instance on the
/// run, and fails a run whose instance ended without a PowerOff (naming the last activity, or the incident), with a
/// <c>failed</c> notification in place of any the step had queued.
/// </summary>
public sealed class RunWorkflowObserver(VettingDbContext db, RunGateway gateway, StepNotifications notifications) : IWorkflowInstanceObserver
{
    public async ValueTask OnStepAsync(WorkflowInstance instance, WorkflowStatus previousStatus, CancellationToken cancellationToken)
    {
        if (!instance.Input.TryGetValue(WorkflowInputs.RunId, out var value) || !value.TryGetInt32(out var runId))
        {
            return;
        }

        var run = await db.Runs.FindAsync([runId], cancellationToken);
        if (run is null)
        {
            return;
        }

        run.WorkflowInstanceId ??= instance.Id;
        run.WorkflowVersion ??= instance.Version;
        if (!instance.IsEnded || RunStates.IsTerminal(run.State))
        {
            return;
        }

        var failure = instance.Status == WorkflowStatus.Faulted && instance.Incidents.LastOrDefault() is { } incident
            ? new RunFailure(null, "workflow-faulted", $"activity '{incident.ActivityId}' ({incident.ActivityType}) faulted: {incident.Message}")
            : new RunFailure(null, "workflow-ended",
                $"the workflow ended after activity '{instance.LastActivityId}' without a PowerOff; check the definition '{instance.DefinitionId}' v{instance.Version}");
        await gateway.FailAsync(runId, failure, cancellationToken);
        await gateway.EndRunAsync(runId, "failed", cancellationToken);
        notifications.Withdraw(runId);
        await gateway.NotifyAsync(runId, NotificationEvents.Failed, null, $"instance-ended@{instance.Revision}", cancellationToken);
    }
}
