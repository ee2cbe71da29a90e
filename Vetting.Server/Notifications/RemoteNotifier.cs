using Vetting.Activities.Ports;
using Vetting.Server.Configuration;

namespace Vetting.Server.Notifications;

/// <summary>
/// What every notifier that leaves this host shares. It speaks only for the events it was configured for, gives up
/// after <see cref="Timeout"/> so a dead endpoint cannot pile up deliveries, and reports the outcome in the service
/// log (runbook: grep notify:) and in its result, which the outbox keeps and retries on (NotificationOutbox).
/// </summary>
public abstract class RemoteNotifier : INotifier
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HashSet<string> _events;
    private readonly ILogger _logger;

    protected RemoteNotifier(string name, NotifierOptions options, TimeProvider clock, ILogger logger)
    {
        Name = name;
        Clock = clock;
        _logger = logger;
        _events = options.Settings.TryGetValue("events", out var listed)
            ? listed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : NotificationEvents.All.ToHashSet(StringComparer.Ordinal);
    }

    public string Name { get; }

    protected TimeProvider Clock { get; }

    public bool Wants(string @event) => _events.Contains(@event);

    public async Task<NotifyResult> NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (!Wants(notification.Event))
        {
            return NotifyResult.Sent;
        }

        using var deadline = new CancellationTokenSource(Timeout, Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await SendAsync(notification, linked.Token);
            _logger.LogInformation("notify: {Notifier} sent {Event} for run {RunId}", Name, notification.Event, notification.RunId);
            return NotifyResult.Sent;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller is shutting down or cancelling the step; that is theirs to handle, but the log still says why nothing arrived.
            LogFailure(notification, "cancelled before delivery");
            throw;
        }
        catch (Exception e)
        {
            var reason = deadline.IsCancellationRequested ? $"no answer within {Timeout.TotalSeconds:0} s" : Describe(e);
            LogFailure(notification, reason);
            return NotifyResult.Failed(reason);
        }
    }

    /// <summary>Delivers one notification; throws on any failure, which <see cref="NotifyAsync"/> turns into a log line.</summary>
    protected abstract Task SendAsync(Notification notification, CancellationToken cancellationToken);

    private void LogFailure(Notification notification, string reason) =>
        _logger.LogWarning("notify: {Notifier} failed for run {RunId}: {Reason}", Name, notification.RunId, reason);

    // Socket and TLS errors arrive wrapped; the inner message is often the useful half ("Connection refused").
    private static string Describe(Exception e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{e.Message} ({inner.Message})"
            : e.Message;
}
