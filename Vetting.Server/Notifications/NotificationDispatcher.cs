using System.Collections.Concurrent;
using Vetting.Activities.Ports;

namespace Vetting.Server.Notifications;

/// <summary>
/// Sends a notification to every configured notifier in the background: the workflow's (after the step that
/// queued it committed) and those of events outside the workflow (cancel, lost agent). Fire-and-forget by design:
/// failures are logged by the notifiers, never surfaced. On shutdown it waits, up to <see cref="DrainTimeout"/>,
/// for deliveries still under way, so a verdict committed just before a stop is not dropped.
/// </summary>
public sealed class NotificationDispatcher(IEnumerable<INotifier> notifiers, ILogger<NotificationDispatcher> logger) : IHostedService
{
    /// <summary>A remote notifier gives up after <see cref="RemoteNotifier.Timeout"/>; this leaves room for one.</summary>
    public static readonly TimeSpan DrainTimeout = RemoteNotifier.Timeout + TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    public void Dispatch(Notification notification)
    {
        foreach (var notifier in notifiers)
        {
            var delivery = Task.Run(async () =>
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
            _inFlight.TryAdd(delivery, 0);
            delivery.ContinueWith(done => _inFlight.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var pending = _inFlight.Keys.ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        logger.LogInformation("notify: waiting for {Count} delivery(ies) still under way", pending.Length);
        try
        {
            await Task.WhenAll(pending).WaitAsync(DrainTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("notify: {Count} delivery(ies) still under way at shutdown were abandoned", _inFlight.Count);
        }
    }
}
