using System.Threading.Channels;

namespace Vetting.Server.Events;

/// <summary>One connection's view of the <see cref="EventHub"/>; dispose it when the connection ends.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventHub _hub;
    private readonly Channel<ServerEvent> _live;

    internal EventSubscription(EventHub hub, IReadOnlyList<ServerEvent> replay, int bufferSize)
    {
        _hub = hub;
        Replay = replay;
        _live = Channel.CreateBounded<ServerEvent>(new BoundedChannelOptions(bufferSize)
        {
            // Wait (not DropOldest) so a full queue is detected by TryWrite and the subscriber dropped: a silent
            // gap in the middle of a stream would leave the client with wrong state and no way to notice.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Events to send before the live ones: what the client missed, or a single <c>reset</c>.</summary>
    public IReadOnlyList<ServerEvent> Replay { get; }

    /// <summary>Live events in id order; completes when the subscriber was dropped for falling behind.</summary>
    public ChannelReader<ServerEvent> Live => _live.Reader;

    internal bool TryOffer(ServerEvent serverEvent) => _live.Writer.TryWrite(serverEvent);

    internal void Complete() => _live.Writer.TryComplete();

    public void Dispose() => _hub.Unsubscribe(this);
}
