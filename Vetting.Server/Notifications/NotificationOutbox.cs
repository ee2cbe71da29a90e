using Microsoft.EntityFrameworkCore;
using Vetting.Activities.Ports;
using Vetting.Server.Data;

namespace Vetting.Server.Notifications;

/// <summary>
/// Queues notifications as <see cref="NotificationDelivery"/> rows in the caller's unit of work: they commit with
/// the step (or operator action) that produced them, or not at all. <see cref="NotificationDeliveryService"/> sends
/// them afterwards, at least once, retrying with back-off, so neither a crash nor a slow notifier loses one or holds
/// a run up.
/// </summary>
public sealed class NotificationOutbox(VettingDbContext db, IEnumerable<INotifier> notifiers, TimeProvider clock)
{
    /// <summary>Attempts before a delivery is given up (about 1 h 25 min of retries with <see cref="RetryAfter"/>).</summary>
    public const int MaxAttempts = 8;

    /// <summary>Back-off after the <paramref name="attempts"/>-th failed attempt: 10 s, 20 s, 40 s … capped at 30 min.</summary>
    public static TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(10 * Math.Pow(2, Math.Max(attempts - 1, 0)), 1800));

    /// <summary>
    /// Adds one pending delivery per notifier configured for the event, unless this run already has one for the same
    /// event, notifier and <paramref name="occurrence"/> (stored or queued in this unit of work).
    /// </summary>
    public async Task EnqueueAsync(Notification notification, string occurrence, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.RunId == notification.RunId && d.Event == notification.Event && d.Occurrence == occurrence)
            .Select(d => d.Notifier).ToListAsync(cancellationToken);
        var queued = db.ChangeTracker.Entries<NotificationDelivery>()
            .Where(e => e.State == EntityState.Added && e.Entity.RunId == notification.RunId && e.Entity.Event == notification.Event
                        && e.Entity.Occurrence == occurrence)
            .Select(e => e.Entity.Notifier);
        var existing = stored.Concat(queued).ToHashSet(StringComparer.Ordinal);
        foreach (var notifier in notifiers.Where(n => n.Wants(notification.Event) && !existing.Contains(n.Name)))
        {
            db.NotificationDeliveries.Add(new NotificationDelivery
            {
                RunId = notification.RunId,
                Event = notification.Event,
                Notifier = notifier.Name,
                Occurrence = occurrence,
                HostName = notification.HostName,
                Title = notification.Title,
                Message = notification.Message,
                Link = notification.Link,
                DueAt = now,
                CreatedAt = now,
            });
        }
    }

    /// <summary>Drops the run's deliveries queued in this unit of work and not yet committed.</summary>
    public void Withdraw(int runId)
    {
        foreach (var entry in db.ChangeTracker.Entries<NotificationDelivery>().Where(e => e.State == EntityState.Added && e.Entity.RunId == runId).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
