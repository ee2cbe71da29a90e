using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vetting.Server.Events;

namespace Vetting.Server.Tests.Events;

public sealed class EventHubTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static EventHub CreateHub(int backlog = 1000, int buffer = 256, JsonOptions? json = null) =>
        new(Options.Create(new EventHubOptions { BacklogSize = backlog, SubscriberBufferSize = buffer }),
            Options.Create(json ?? new JsonOptions()), new FakeTimeProvider(Start), NullLogger<EventHub>.Instance);

    [Fact]
    public void Ids_increase_by_one_starting_after_the_clock_in_milliseconds()
    {
        var hub = CreateHub();

        Assert.Equal(Start.ToUnixTimeMilliseconds(), hub.LastEventId);
        Assert.Equal(Start.ToUnixTimeMilliseconds() + 1, hub.Publish("run", new { id = 1 }));
        Assert.Equal(Start.ToUnixTimeMilliseconds() + 2, hub.Publish("host", new { id = 1 }));
    }

    [Fact]
    public void A_subscriber_that_stops_reading_is_dropped_without_slowing_the_publisher_or_other_subscribers()
    {
        var hub = CreateHub(buffer: 4);
        using var stalled = hub.Subscribe(null);
        using var reading = hub.Subscribe(null);
        var received = new List<long>();

        var ids = new List<long>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add(hub.Publish("run", new { id = i }));
            while (reading.Live.TryRead(out var e))
                received.Add(e.Id);
        }

        Assert.Equal(ids, received);
        Assert.Equal(1, hub.SubscriberCount);
        // What it had queued is still delivered, then its stream ends so the client reconnects and catches up.
        var buffered = new List<long>();
        while (stalled.Live.TryRead(out var e))
            buffered.Add(e.Id);
        Assert.Equal(ids.Take(4), buffered);
        Assert.True(stalled.Live.Completion.IsCompleted);
    }

    [Fact]
    public void A_client_exactly_at_the_edge_of_the_backlog_replays_all_of_it_without_reset()
    {
        var hub = CreateHub(backlog: 3);
        var ids = Enumerable.Range(0, 5).Select(i => hub.Publish("run", new { id = i })).ToList();

        using var atEdge = hub.Subscribe(ids[1]);
        using var pastEdge = hub.Subscribe(ids[0]);
        using var current = hub.Subscribe(ids[4]);

        Assert.Equal(ids.Skip(2), atEdge.Replay.Select(e => e.Id));
        Assert.Equal("reset", Assert.Single(pastEdge.Replay).Name);
        Assert.Empty(current.Replay);
    }

    [Fact]
    public void A_fresh_connection_gets_only_live_events()
    {
        var hub = CreateHub();
        hub.Publish("run", new { id = 1 });

        using var subscription = hub.Subscribe(null);

        Assert.Empty(subscription.Replay);
    }

    [Fact]
    public void Data_follows_the_api_json_settings_but_always_stays_on_one_line()
    {
        var json = new JsonOptions();
        json.SerializerOptions.WriteIndented = true;
        json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        var hub = CreateHub(json: json);
        using var subscription = hub.Subscribe(null);

        var id = hub.Publish("run", new { RunId = 3, State = DayOfWeek.Monday });

        Assert.True(subscription.Live.TryRead(out var e));
        Assert.Equal($"id: {id}\nevent: run\ndata: {{\"runId\":3,\"state\":\"Monday\"}}\n\n", Encoding.UTF8.GetString(e.Frame.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("run\ndata: forged")]
    public void Event_names_must_be_one_non_empty_line(string name)
    {
        var hub = CreateHub();

        Assert.ThrowsAny<ArgumentException>(() => hub.Publish(name, new { id = 1 }));
    }
}
