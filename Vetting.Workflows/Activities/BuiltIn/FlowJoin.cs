using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Activities.BuiltIn;

/// <summary>Elsa's <c>FlowJoinMode</c>, by the names Elsa writes.</summary>
public enum JoinMode
{
    /// <summary>Runs on the first arrival and cancels what is still active on the other inbound branches.</summary>
    WaitAny,

    /// <summary>Runs once every inbound branch has arrived; a branch that can no longer arrive means it never runs.</summary>
    WaitAll,

    /// <summary>Runs once every inbound branch that is still live has arrived (what an implicit join does).</summary>
    WaitAllActive,
}

/// <summary>
/// Merges branches. The waiting itself is done by the runner (see JoinTracker); by the time this executes the
/// join condition holds and it simply continues.
/// </summary>
[Activity("Elsa", "FlowJoin", Category = "Branching", DisplayName = "Join",
    Description = "Waits for the first inbound branch (WaitAny, cancelling the others), for every inbound branch (WaitAll), or for every branch still active (WaitAllActive).")]
public sealed class FlowJoin : Activity
{
    // Elsa 3 declares FlowJoin.Mode as `new(FlowJoinMode.WaitAny)` with DefaultValue = FlowJoinMode.WaitAny, so a
    // join whose definition leaves `mode` out waits for the first branch only, as it would in Elsa.
    [Input(DefaultValue = nameof(JoinMode.WaitAny))]
    public JoinMode Mode { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }

    /// <summary>The mode as the instance sees it now (it may come from a variable or a script).</summary>
    internal static JoinMode ModeOf(GraphNode node, WorkflowInstance instance) =>
        node.Inputs.FirstOrDefault(b => b.Input.Name == "mode")?.Evaluate(instance) as JoinMode? ?? JoinMode.WaitAny;
}
