using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Activities.BuiltIn;

public enum JoinMode
{
    WaitAll,
    WaitAny,
}

/// <summary>
/// Merges branches. The waiting itself is done by the runner (see JoinTracker); by the time this executes the
/// join condition holds and it simply continues.
/// </summary>
[Activity("Elsa", "FlowJoin", Category = "Branching", DisplayName = "Join",
    Description = "Waits for all active inbound branches (WaitAll) or the first one (WaitAny, cancelling the others).")]
public sealed class FlowJoin : Activity
{
    [Input(DefaultValue = "WaitAll")]
    public JoinMode Mode { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }

    /// <summary>The mode as the instance sees it now (it may come from a variable or a script).</summary>
    internal static bool IsWaitAny(GraphNode node, WorkflowInstance instance) =>
        node.Inputs.FirstOrDefault(b => b.Input.Name == "mode")?.Evaluate(instance) is JoinMode.WaitAny;
}
