using Vetting.Activities;
using Vetting.Server.Data;
using Vetting.Server.Events;

namespace Vetting.Server.Runs;

/// <summary>
/// The SSE <c>run</c> event: the run's summary in one of the states it passed through (the failure only with its final
/// state). <paramref name="Stamp"/> is the run's change counter at that commit: a later change has a higher one (always
/// set by this process; null in an event relayed from an orchestrator too old to send it).
/// </summary>
public sealed record RunEventDto(int Id, int HostId, string? HostName, string State, string Profile,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, FailureDto? Failure, int? Stamp);

/// <summary>
/// Announces every committed run change to SSE clients, one event per state passed through, and the changes other
/// orchestrators of the database relayed.
/// </summary>
/// <remarks>
/// A commit is visible to readers before it is announced, so a reader can act on it and a second commit of the same
/// run can be announced first (the scheduler commits WaitingWoL, a node that saw it boots, and Booting goes out
/// before WaitingWoL). Two orchestrators that change one run (a run queued at one and driven by the other) relay
/// their announcements on separate connections, which arrive in either order. Every change bumps the run's
/// <see cref="Run.Stamp"/>, so an announcement older than the last one of its run is left out: a page never goes back
/// to a state the run has left. This process's own changes are checked against its own announcements only, and
/// relayed ones against both: anyone who can NOTIFY on the database can claim any stamp, and a forged one may hold
/// back relayed events of its run here, never this process's own.
/// </remarks>
public sealed class RunEvents(EventHub events, RunProgress progress, ILogger<RunEvents> logger) : ICommitObserver
{
    // Runs whose last announcement is remembered; the oldest are forgotten past this (losing only the check).
    internal const int Remembered = 4096;

    private readonly Lock _gate = new();

    // The stamps of each run's last announcement made here and last relayed one announced (-1: none yet), and the runs
    // in the order they were first announced.
    private readonly Dictionary<int, (int Own, int Relayed)> _announced = [];
    private readonly Queue<int> _order = new();

    public bool Announces => true;

    public void OnCommitted(CommittedChanges changes)
    {
        foreach (var (run, states) in changes.Runs)
        {
            lock (_gate)
            {
                if (!Admit(run.Id, run.Stamp, relayed: false, states))
                {
                    continue;
                }

                foreach (var state in states)
                {
                    events.Publish("run", new RunEventDto(run.Id, run.HostId, run.Host?.Name, state, run.Profile,
                        run.CreatedAt, run.StartedAt, run.EndedAt, state == run.State ? run.Failure() : null, run.Stamp));
                }
            }

            Ended(run.Id, run.State);
        }
    }

    /// <summary>Publishes here a run event another orchestrator announced, unless a later change of the run was announced here.</summary>
    internal void AcceptRelayed(RunEventDto run)
    {
        lock (_gate)
        {
            if (run.Stamp is { } stamp && !Admit(run.Id, stamp, relayed: true, [run.State]))
            {
                return;
            }

            events.PublishHere("run", run);
        }

        Ended(run.Id, run.State);
    }

    // Under the gate: whether a change with this stamp is not older than the run's last announcement it is checked
    // against (one commit announces several states with one stamp), remembering it when it is not.
    private bool Admit(int runId, int stamp, bool relayed, IReadOnlyCollection<string> states)
    {
        var known = _announced.TryGetValue(runId, out var last);
        if (!known)
        {
            last = (-1, -1);
        }

        var newest = relayed ? Math.Max(last.Own, last.Relayed) : last.Own;
        if (stamp < newest)
        {
            logger.LogDebug("run {RunId}: change {Stamp} ({States}) is older than the announced {Last}, not announced", runId, stamp,
                string.Join(", ", states), newest);
            return false;
        }

        _announced[runId] = relayed ? last with { Relayed = stamp } : last with { Own = stamp };
        if (!known)
        {
            _order.Enqueue(runId);
            if (_order.Count > Remembered)
            {
                _announced.Remove(_order.Dequeue());
            }
        }

        return true;
    }

    // A run that ended has no more progress to show.
    private void Ended(int runId, string state)
    {
        if (RunStates.IsTerminal(state))
        {
            progress.Forget(runId);
        }
    }
}
