using System.Text.Json;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Vetting.Server.Events;

/// <summary>
/// Numbers, keeps and fans out live events for <c>GET /api/v1/events</c>. Publishing never waits on a
/// connection: each subscriber has a bounded queue, and one that fills it is dropped so its client
/// reconnects and catches up from the backlog with <c>Last-Event-ID</c>.
/// </summary>
public sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly Queue<ServerEvent> _backlog = new();
    private readonly List<EventSubscription> _subscribers = [];
    private readonly EventHubOptions _options;
    private readonly JsonSerializerOptions _json;
    private readonly ILogger<EventHub> _logger;
    private long _lastId;

    public EventHub(IOptions<EventHubOptions> options, IOptions<HttpJsonOptions> json, TimeProvider time, ILogger<EventHub> logger)
    {
        _options = options.Value;
        _logger = logger;
        // Same settings as the REST API so a `run` event carries the JSON of GET /api/v1/runs/{id};
        // never indented, because a line break would end the SSE data field.
        _json = new JsonSerializerOptions(json.Value.SerializerOptions) { WriteIndented = false };
        // Ids continue from the clock instead of 1: a Last-Event-ID a browser kept across a server restart is
        // then older than anything this process issued and gets a reset, rather than silently matching
        // unrelated events of the new process.
        _lastId = time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>Id of the newest event, or the starting point when none was published yet.</summary>
    public long LastEventId
    {
        get { lock (_gate) { return _lastId; } }
    }

    public int SubscriberCount
    {
        get { lock (_gate) { return _subscribers.Count; } }
    }

    /// <summary>
    /// Where this process's events also go, besides its own subscribers: the orchestrators that share its database
    /// (<see cref="PostgresEventRelay"/>). Set once at start; it must not block.
    /// </summary>
    internal Action<string, byte[]>? Forward { get; set; }

    /// <summary>Publishes <paramref name="payload"/> as camelCase JSON under <paramref name="eventName"/> (e.g. <c>run</c>, <c>host</c>).</summary>
    /// <returns>The event's id.</returns>
    public long Publish(string eventName, object payload) => Publish(eventName, payload, forward: true);

    /// <summary>
    /// Publishes to this process's subscribers only: an event another orchestrator published, or one about this
    /// process's own view (a <c>reset</c>), which the others must not receive.
    /// </summary>
    internal long PublishHere(string eventName, object payload) => Publish(eventName, payload, forward: false);

    private long Publish(string eventName, object payload, bool forward)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        ArgumentNullException.ThrowIfNull(payload);
        if (eventName.AsSpan().ContainsAny('\r', '\n'))
            throw new ArgumentException("An event name must be a single line.", nameof(eventName));

        // Serialise outside the lock; only numbering, the backlog and the hand-off to queues are serialised.
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), _json);
        if (forward)
            Forward?.Invoke(eventName, json);
        List<EventSubscription>? dropped = null;
        long id;
        lock (_gate)
        {
            id = ++_lastId;
            var serverEvent = new ServerEvent(id, eventName, SseFrame.Encode(id, eventName, json));
            _backlog.Enqueue(serverEvent);
            while (_backlog.Count > _options.BacklogSize)
                _backlog.Dequeue();

            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (_subscribers[i].TryOffer(serverEvent))
                    continue;
                (dropped ??= []).Add(_subscribers[i]);
                _subscribers[i].Complete();
                _subscribers.RemoveAt(i);
            }
        }

        if (dropped is not null)
            _logger.LogWarning("Dropped {Count} event stream subscriber(s) that fell {Buffer} events behind; they resume from the backlog when they reconnect", dropped.Count, _options.SubscriberBufferSize);
        return id;
    }

    /// <summary>
    /// Starts receiving live events. With <paramref name="lastEventId"/> the subscription first replays what the
    /// client missed; if those events are no longer kept (or the id was never issued here), it replays a single
    /// <c>reset</c> event instead, telling the client to reload its state.
    /// </summary>
    public EventSubscription Subscribe(long? lastEventId)
    {
        lock (_gate)
        {
            // Taking the replay and registering under one lock means no event is both replayed and queued, or neither.
            var replay = lastEventId is { } after ? MissedSince(after) : [];
            var subscription = new EventSubscription(this, replay, _options.SubscriberBufferSize);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    internal void Unsubscribe(EventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
        subscription.Complete();
    }

    private ServerEvent[] MissedSince(long after)
    {
        var oldestKept = _backlog.Count > 0 ? _backlog.Peek().Id : _lastId + 1;
        if (after > _lastId)
            return [Reset("unknown-event-id")];
        if (after < oldestKept - 1)
            return [Reset("backlog-exceeded")];
        return [.. _backlog.Where(e => e.Id > after)];
    }

    // Carries the current id so the client's next reconnect resumes from the state it is about to reload.
    private ServerEvent Reset(string reason) =>
        new(_lastId, "reset", SseFrame.Encode(_lastId, "reset", JsonSerializer.SerializeToUtf8Bytes(new { reason }, _json)));
}
