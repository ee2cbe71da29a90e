namespace Vetting.Workflows.Activities.BuiltIn;

/// <summary>Suspends for a duration on a durable timer: a restart does not lose it, and it fires once.</summary>
[Activity("Elsa", "Delay", Category = "Scheduling", Description = "Waits for a duration, then continues.")]
public sealed class Delay : Activity
{
    public const string BookmarkName = "Elsa.Delay";

    [Input(UiHint = UiHints.TimeSpan, DefaultValue = "00:01:00")]
    public TimeSpan TimeSpan { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (TimeSpan <= TimeSpan.Zero)
        {
            context.Complete(DoneOutcome);
        }
        else
        {
            context.CreateBookmark(BookmarkName, new { instance = context.Instance.Id, activity = context.ActivityId }, context.Now + TimeSpan);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }
}
