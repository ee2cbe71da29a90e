using Vetting.Activities.Ports;

namespace Vetting.Server.Notifications;

/// <summary>Always on: every notification goes to the service log (<c>journalctl -u vetting | grep notify:</c>).</summary>
public sealed class LogNotifier(ILogger<LogNotifier> logger) : INotifier
{
    public string Name => "log";

    public Task<NotifyResult> NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        logger.LogInformation("notify: [{Event}] {Title} — {Message}", notification.Event, notification.Title, notification.Message.Replace('\n', ' '));
        return Task.FromResult(NotifyResult.Sent);
    }
}
