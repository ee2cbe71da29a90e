using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Activities;

/// <summary>
/// Base class of every activity. A fresh instance is created for each execution and its [Input] properties are
/// bound from the definition's expressions, so activities keep no state between executions: what must survive a
/// suspension goes into a bookmark payload, a variable or the output.
/// </summary>
public abstract class Activity
{
    public const string DoneOutcome = "Done";
    public const string FaultedOutcome = "Faulted";
    public const string TimedOutOutcome = "TimedOut";

    /// <summary>Runs the activity. It must either complete with outcomes or create at least one bookmark.</summary>
    public abstract ValueTask ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when one of this activity's bookmarks is resumed by a stimulus or its timer.</summary>
    public virtual ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        context.Complete(resume.TimedOut ? TimedOutOutcome : DoneOutcome);
        return ValueTask.CompletedTask;
    }
}

/// <summary>What woke a suspended activity.</summary>
public sealed record ResumeContext(Bookmark Bookmark, System.Text.Json.JsonElement? Input, bool TimedOut);
