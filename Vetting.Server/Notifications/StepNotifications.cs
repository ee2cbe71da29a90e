using Vetting.Activities.Ports;
using Vetting.Server.Data;
using Vetting.Server.Runs;

namespace Vetting.Server.Notifications;

/// <summary>
/// Notifications a workflow step queues: written to the outbox in the step's transaction (so a step that rolls back
/// announces nothing and a crash after the commit loses nothing), sent once the step has committed, and withdrawn
/// when the step ended the run another way (a fault after the Notify announces the fault instead).
/// </summary>
public sealed class StepNotifications(VettingDbContext db, CommitPublisher commits, NotificationOutbox outbox, NotificationDeliveryService delivery,
    RunNotices notices, RunLog log)
{
    /// <summary>
    /// Queues the run's notification for <paramref name="event"/>; <paramref name="occurrence"/> names the step, so a
    /// replay of it cannot queue it twice. Delivery never fails the run: an event that is not one of
    /// <see cref="NotificationEvents.All"/> (a workflow variable or script can produce anything) is noted in the run
    /// log and nothing is sent.
    /// </summary>
    public async Task QueueAsync(Run run, string @event, string? message, string occurrence, CancellationToken cancellationToken)
    {
        // The designer checks a literal (case-insensitively); a variable or script can still produce anything.
        if (RunNotices.Known(@event) is not { } known)
        {
            await log.AppendAsync(run.Id, "orchestrator",
                $"notify: event '{@event}' is not one of {string.Join(", ", NotificationEvents.All)}; nothing was sent (check the workflow's Notify activity)",
                cancellationToken);
            return;
        }

        await outbox.EnqueueAsync(notices.Describe(run, known, message), occurrence, cancellationToken);
        commits.AfterCommit(db, delivery.Wake);
    }

    /// <summary>Drops the run's notifications queued in this step and not yet committed.</summary>
    public void Withdraw(int runId) => outbox.Withdraw(runId);
}
