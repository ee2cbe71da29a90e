using Microsoft.EntityFrameworkCore;
using Vetting.Activities.Ports;
using Vetting.Server.Data;
using Vetting.Server.Hosting;

namespace Vetting.Server.Notifications;

/// <summary>
/// Sends what <see cref="NotificationOutbox"/> queued: every pass takes the due deliveries, sends each notifier's
/// share in its own lane (a notifier that hangs for its timeout delays only its own deliveries), and records the
/// outcome: Sent, or a retry after <see cref="NotificationOutbox.RetryAfter"/>, or Failed after
/// <see cref="NotificationOutbox.MaxAttempts"/>. Woken when a commit queued deliveries; otherwise it looks every
/// few seconds for retries that fell due. A delivery cut off by shutdown stays pending and is sent after the restart.
/// </summary>
public sealed class NotificationDeliveryService(
    IServiceScopeFactory scopes,
    IEnumerable<INotifier> notifiers,
    Configuration.SiteOptions site,
    TimeProvider clock,
    ILogger<NotificationDeliveryService> logger)
    : PollingService(new PollingSchedule(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), clock, logger)
{
    private const int Batch = 100;

    protected override async Task PollAsync(CancellationToken cancellationToken)
    {
        int sent;
        do
        {
            sent = await DeliverDueAsync(cancellationToken);
        }
        while (sent == Batch && !cancellationToken.IsCancellationRequested);
    }

    private async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        var now = Clock.GetUtcNow();
        // This site's runs only: another site's orchestrator sends its own, through its own notifiers.
        var due = await db.NotificationDeliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.DueAt <= now && db.Runs.Any(r => r.Id == d.RunId && r.Site == site.Name))
            .OrderBy(d => d.DueAt).ThenBy(d => d.Id)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
            return 0;

        var byName = notifiers.ToDictionary(n => n.Name, StringComparer.Ordinal);
        // Each outcome is committed as soon as it is known, one at a time (the lanes share this context): a crash then
        // re-sends at most the one notification that was on the wire, not the whole batch sent before it.
        using var commit = new SemaphoreSlim(1, 1);
        await Task.WhenAll(due.GroupBy(d => d.Notifier).Select(lane => SendLaneAsync(lane.ToList(), byName.GetValueOrDefault(lane.Key), db, commit, cancellationToken)));
        return due.Count;
    }

    private async Task SendLaneAsync(List<NotificationDelivery> lane, INotifier? notifier, VettingDbContext db, SemaphoreSlim commit, CancellationToken cancellationToken)
    {
        foreach (var delivery in lane)
        {
            if (cancellationToken.IsCancellationRequested)
                return;
            NotifyResult result;
            if (notifier is null)
            {
                result = NotifyResult.Failed($"notifier '{delivery.Notifier}' is no longer configured");
                delivery.Attempts = NotificationOutbox.MaxAttempts - 1;
            }
            else
            {
                try
                {
                    result = await notifier.NotifyAsync(delivery.ToNotification(), cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    result = NotifyResult.Failed(e.Message);
                }
            }

            await commit.WaitAsync(CancellationToken.None);
            try
            {
                Record(delivery, result);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            finally
            {
                commit.Release();
            }
        }
    }

    private void Record(NotificationDelivery delivery, NotifyResult result)
    {
        var now = Clock.GetUtcNow();
        delivery.Attempts++;
        if (result.Delivered)
        {
            (delivery.Status, delivery.SentAt, delivery.LastError) = (DeliveryStatus.Sent, now, null);
            return;
        }

        delivery.LastError = result.Error;
        if (delivery.Attempts >= NotificationOutbox.MaxAttempts)
        {
            delivery.Status = DeliveryStatus.Failed;
            Logger.LogWarning("notify: {Notifier} gave up on {Event} for run {RunId} after {Attempts} attempts: {Error}",
                delivery.Notifier, delivery.Event, delivery.RunId, delivery.Attempts, result.Error);
            return;
        }

        delivery.DueAt = now + NotificationOutbox.RetryAfter(delivery.Attempts);
    }
}
