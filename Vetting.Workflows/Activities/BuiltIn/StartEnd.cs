namespace Vetting.Workflows.Activities.BuiltIn;

/// <summary>Elsa's explicit start of a flowchart: marks where it begins and continues at once.</summary>
[Activity("Elsa", "Start", Category = "Flow", Description = "Where the flowchart starts.")]
public sealed class Start : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Elsa's explicit end of a flowchart branch: it completes without outcomes, so the branch stops here and the
/// instance finishes once no other branch is still running or waiting.
/// </summary>
[Activity("Elsa", "End", Category = "Flow", Description = "Where a branch of the flowchart ends.", Outcomes = [])]
public sealed class End : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
