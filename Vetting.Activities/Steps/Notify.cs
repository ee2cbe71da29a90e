using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>Tells every configured notifier. Never fails the run: a notifier that throws is logged and skipped.</summary>
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
        var notification = await Runs(context).DescribeAsync(RunId(context), Event, Message, context.CancellationToken);
        var logger = context.GetRequiredService<ILogger<Notify>>();
        foreach (var notifier in context.Services.GetServices<INotifier>())
        {
            try
            {
                await notifier.NotifyAsync(notification, context.CancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "notify: {Notifier} failed for run {RunId}", notifier.Name, notification.RunId);
            }
        }

        context.Complete(DoneOutcome);
    }
}
