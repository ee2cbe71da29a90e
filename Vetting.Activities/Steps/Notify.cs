using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>
/// Tells every configured notifier, once this step has committed: a step that is rolled back (a conflicting
/// operator action, a crash before the commit) announces nothing, a crash after it loses nothing (the outbox), and a
/// slow notifier never holds the run up. Never fails the run: failed deliveries are retried and logged.
/// </summary>
[Activity("Vetting", "Notify", Category = VettingActivity.Category,
    Description = "Sends a notification (ntfy, Discord, SMTP) about the run.")]
public sealed class Notify : VettingActivity
{
    [Input(UiHint = UiHints.Dropdown, Options = ["passed", "failed", "held", "cancelled"], Required = true)]
    public string Event { get; set; } = "";

    [Input(UiHint = UiHints.MultiLine, Description = "Optional text added to the notification.")]
    public string? Message { get; set; }

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        // The instance's revision changes with every committed step, so a later Notify of the same activity (a second
        // hold after an override) is a new occurrence, and a replay of this step is not.
        await Runs(context).NotifyAsync(RunId(context), Event, Message, $"{context.ActivityId}@{context.Instance.Revision}", context.CancellationToken);
        context.Complete(DoneOutcome);
    }
}
