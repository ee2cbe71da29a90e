using Vetting.Server.Data;
using Vetting.Server.Events;

namespace Vetting.Server.Hosts;

/// <summary>The SSE <c>host</c> event.</summary>
public sealed record HostEventDto(int Id, string Name, string Mac, string WolBroadcast, bool Deleted, DateTimeOffset UpdatedAt);

/// <summary>Announces every committed host change (registered, edited, deleted) to SSE clients.</summary>
public sealed class HostEvents(EventHub events) : ICommitObserver
{
    public bool Announces => true;

    public void OnCommitted(CommittedChanges changes)
    {
        foreach (var host in changes.Hosts)
        {
            events.Publish("host", new HostEventDto(host.Id, host.Name, host.Mac, host.WolBroadcast, host.DeletedAt is not null, host.UpdatedAt));
        }
    }
}
