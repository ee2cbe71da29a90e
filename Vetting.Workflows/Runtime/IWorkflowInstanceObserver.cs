namespace Vetting.Workflows.Runtime;

/// <summary>
/// Lets the host react to a step before it is committed (for example, ending a run when its instance finished),
/// so the host's change joins the step's transaction.
/// </summary>
public interface IWorkflowInstanceObserver
{
    ValueTask OnStepAsync(WorkflowInstance instance, WorkflowStatus previousStatus, CancellationToken cancellationToken);
}
