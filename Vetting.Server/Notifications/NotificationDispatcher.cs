using Vetting.Activities.Ports;

namespace Vetting.Server.Notifications;

/// <summary>
/// Sends a notification to every configured notifier in the background, for events that happen outside the
/// workflow (cancel, lost agent). Fire-and-forget by design: failures are logged by the notifiers, never surfaced.
/// </summary>
public sealed class NotificationDispatcher(IEnumerable<INotifier> notifiers, ILogger<NotificationDispatcher> logger)
{
    public void Dispatch(Notification notification)
    {
        foreach (var notifier in notifiers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await notifier.NotifyAsync(notification, CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "notify: {Notifier} failed for run {RunId}", notifier.Name, notification.RunId);
                }
            });
        }
    }
}
