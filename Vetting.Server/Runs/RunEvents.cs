using Vetting.Server.Data;
using Vetting.Server.Events;

namespace Vetting.Server.Runs;

/// <summary>The SSE <c>run</c> event: the run's summary in one of the states it passed through (the failure only with its final state).</summary>
public sealed record RunEventDto(int Id, int HostId, string? HostName, string State, string Profile,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, FailureDto? Failure);

/// <summary>Announces every committed run change to SSE clients, one event per state passed through.</summary>
/// <remarks>
/// A commit is visible to readers before it is announced, so a reader can act on it and a second commit of the same
/// run can be announced first (the scheduler commits WaitingWoL, a node that saw it boots, and Booting goes out
/// before WaitingWoL). Every change bumps the run's <see cref="Run.Stamp"/>, so an announcement older than the last
/// one of its run is left out: a page never goes back to a state the run has left.
/// </remarks>
public sealed class RunEvents(EventHub events, ILogger<RunEvents> logger) : ICommitObserver
{
    // Runs whose last announcement is remembered; the oldest are forgotten past this (losing only the check).
    internal const int Remembered = 4096;

    private readonly Lock _gate = new();

    // The stamp of each run's last announcement, and the runs in the order they were first announced.
    private readonly Dictionary<int, int> _announced = [];
    private readonly Queue<int> _order = new();

    public bool Announces => true;

    public void OnCommitted(CommittedChanges changes)
    {
        foreach (var (run, states) in changes.Runs)
        {
            lock (_gate)
            {
                if (_announced.TryGetValue(run.Id, out var last) && run.Stamp < last)
                {
                    logger.LogDebug("run {RunId}: change {Stamp} ({States}) is older than the announced {Last}, not announced", run.Id, run.Stamp,
                        string.Join(", ", states), last);
                    continue;
                }

                foreach (var state in states)
                {
                    events.Publish("run", new RunEventDto(run.Id, run.HostId, run.Host?.Name, state, run.Profile,
                        run.CreatedAt, run.StartedAt, run.EndedAt, state == run.State ? run.Failure() : null));
                }

                if (_announced.TryAdd(run.Id, run.Stamp))
                {
                    _order.Enqueue(run.Id);
                    if (_order.Count > Remembered)
                    {
                        _announced.Remove(_order.Dequeue());
                    }
                }
                else
                {
                    _announced[run.Id] = run.Stamp;
                }
            }
        }
    }
}
