using Vetting.Activities.Ports;
using Vetting.Server.Data;

namespace Vetting.Server.Notifications;

/// <summary>
/// Notifications a workflow step queued: sent once the step has committed, never for a step that rolled back, and
/// withdrawn when the step ended the run another way (a fault after the Notify announces the fault instead).
/// </summary>
public sealed class StepNotifications(VettingDbContext db, CommitPublisher commits, NotificationDispatcher dispatcher)
{
    private readonly List<Notification> _queued = [];

    public void SendAfterCommit(Notification notification)
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
