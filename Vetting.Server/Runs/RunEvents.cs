using Vetting.Server.Data;
using Vetting.Server.Events;

namespace Vetting.Server.Runs;

/// <summary>The SSE <c>run</c> event: the run's summary in one of the states it passed through (the failure only with its final state).</summary>
public sealed record RunEventDto(int Id, int HostId, string? HostName, string State, string Profile,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, FailureDto? Failure);

/// <summary>Announces every committed run change to SSE clients, one event per state passed through.</summary>
public sealed class RunEvents(EventHub events) : ICommitObserver
{
    public void OnCommitted(CommittedChanges changes)
    {
        foreach (var (run, states) in changes.Runs)
        {
            foreach (var state in states)
            {
                events.Publish("run", new RunEventDto(run.Id, run.HostId, run.Host?.Name, state, run.Profile,
                    run.CreatedAt, run.StartedAt, run.EndedAt, state == run.State ? run.Failure() : null));
            }
        }
    }
}
