namespace Vetting.Server.Events;

/// <summary>Tuning for <see cref="EventHub"/> and <c>GET /api/v1/events</c>.</summary>
public sealed class EventHubOptions
{
    /// <summary>Events kept for <c>Last-Event-ID</c> resumption; older ones make a reconnecting client reload.</summary>
    public int BacklogSize { get; set; } = 1000;

    /// <summary>Events queued for one connection before it counts as too slow and is dropped.</summary>
    public int SubscriberBufferSize { get; set; } = 256;

    /// <summary>Idle time after which a <c>: ping</c> comment is sent so proxies keep the stream open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
