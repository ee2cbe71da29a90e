using Vetting.Activities.Ports;
using Vetting.Server.Data;
using Vetting.Server.Runs;

namespace Vetting.Server.Notifications;

/// <summary>
/// Notifications a workflow step queued: sent once the step has committed, never for a step that rolled back, and
/// withdrawn when the step ended the run another way (a fault after the Notify announces the fault instead).
/// </summary>
public sealed class StepNotifications(VettingDbContext db, CommitPublisher commits, NotificationDispatcher dispatcher, RunNotices notices, RunLog log)
{
    private readonly List<Notification> _queued = [];

    /// <summary>
    /// Queues the run's notification for <paramref name="event"/>. Delivery never fails the run: an event that is not
    /// one of <see cref="NotificationEvents.All"/> (a workflow variable or script can produce anything) is noted in the
    /// run log and nothing is sent.
    /// </summary>
    public async Task QueueAsync(Run run, string @event, string? message, CancellationToken cancellationToken)
    {
        // The designer checks a literal (case-insensitively); a variable or script can still produce anything.
        if (RunNotices.Known(@event) is not { } known)
        {
            await log.AppendAsync(run.Id, "orchestrator",
                $"notify: event '{@event}' is not one of {string.Join(", ", NotificationEvents.All)}; nothing was sent (check the workflow's Notify activity)",
                cancellationToken);
            return;
        }

        SendAfterCommit(notices.Describe(run, known, message));
    }

    private void SendAfterCommit(Notification notification)
    {
        _queued.Add(notification);
        commits.AfterCommit(db, () =>
        {
            if (_queued.Remove(notification))
            {
                dispatcher.Dispatch(notification);
            }
        });
    }

    /// <summary>Drops the run's notifications queued in this step and not yet committed.</summary>
    public void Withdraw(int runId) => _queued.RemoveAll(n => n.RunId == runId);
}
