using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Vetting.Server.Events;

namespace Vetting.Server.Tests.Events;

public sealed class EventStreamTests : IAsyncLifetime
{
    private TestApp _app = null!;

    private EventHub Hub => _app.Service<EventHub>();

    public async ValueTask InitializeAsync() => _app = await StartAsync(o => o.BacklogSize = 5);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static Task<TestApp> StartAsync(Action<EventHubOptions> configure) =>
        TestApp.StartAsync(b => b.Services.AddEventHub(configure), app => app.MapEvents());

    [Fact]
    public async Task Stream_is_uncached_unbuffered_event_stream()
    {
        await using var stream = await SseStream.OpenAsync(_app.Client);

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.True(stream.Response.Headers.CacheControl?.NoCache);
        Assert.Equal(["no"], stream.Response.Headers.GetValues("X-Accel-Buffering"));
    }

    [Fact]
    public async Task Live_events_arrive_in_order_as_one_line_camelCase_json()
    {
        await using var stream = await SseStream.OpenAsync(_app.Client);

        var first = Hub.Publish("run", new RunChange(7, "Inventory", "line one\nline two"));
        Hub.Publish("host", new RunChange(7, "Cpu", null));
        Hub.Publish("run", new RunChange(8, "Queued", null));

        var events = new[] { await stream.ReadEventAsync(), await stream.ReadEventAsync(), await stream.ReadEventAsync() };
        Assert.Equal([first, first + 1, first + 2], events.Select(e => long.Parse(e.Id!, CultureInfo.InvariantCulture)));
        Assert.Equal(["run", "host", "run"], events.Select(e => e.Event));
        using var json = JsonDocument.Parse(events[0].Data!);
        Assert.Equal(7, json.RootElement.GetProperty("runId").GetInt32());
        Assert.Equal("Inventory", json.RootElement.GetProperty("state").GetString());
        Assert.Equal("line one\nline two", json.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reconnecting_with_the_last_event_id_replays_exactly_the_missed_events(bool asHeader)
    {
        string seen;
        await using (var stream = await SseStream.OpenAsync(_app.Client))
        {
            Hub.Publish("run", new RunChange(1, "Queued", null));
            Hub.Publish("run", new RunChange(1, "WaitingWoL", null));
            await stream.ReadEventAsync();
            seen = (await stream.ReadEventAsync()).Id!;
        }
        long[] missed =
        [
            Hub.Publish("run", new RunChange(1, "Booting", null)),
            Hub.Publish("run", new RunChange(1, "Inventory", null)),
            Hub.Publish("run", new RunChange(1, "Cpu", null)),
        ];

        await using var resumed = asHeader
            ? await SseStream.OpenAsync(_app.Client, lastEventId: seen)
            : await SseStream.OpenAsync(_app.Client, path: $"/api/v1/events?lastEventId={seen}");
        var live = Hub.Publish("run", new RunChange(1, "Memory", null));

        var received = new List<string>();
        for (var i = 0; i < 4; i++)
            received.Add((await resumed.ReadEventAsync()).Id!);
        Assert.Equal([.. missed.Append(live).Select(id => id.ToString(CultureInfo.InvariantCulture))], received);
    }

    [Fact]
    public async Task A_client_behind_the_backlog_is_told_to_reset_and_then_gets_live_events()
    {
        var seen = Hub.Publish("run", new RunChange(1, "Queued", null));
        for (var i = 0; i < 6; i++) // backlog holds 5: the event right after `seen` is gone
            Hub.Publish("run", new RunChange(1, "Cpu", null));

        await using var stream = await SseStream.OpenAsync(_app.Client, lastEventId: seen.ToString(CultureInfo.InvariantCulture));
        var reset = await stream.ReadEventAsync();
        var live = Hub.Publish("run", new RunChange(1, "Memory", null));

        Assert.Equal("reset", reset.Event);
        Assert.Equal((live - 1).ToString(CultureInfo.InvariantCulture), reset.Id);
        using var json = JsonDocument.Parse(reset.Data!);
        Assert.Equal("backlog-exceeded", json.RootElement.GetProperty("reason").GetString());
        Assert.Equal(live.ToString(CultureInfo.InvariantCulture), (await stream.ReadEventAsync()).Id);
    }

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("1")]
    public async Task An_id_this_server_never_issued_gets_a_reset(string lastEventId)
    {
        // "1" is what a browser could still hold from before a restart: ids continue from the clock, so it is
        // older than anything this process issued.
        Hub.Publish("run", new RunChange(1, "Queued", null));

        await using var stream = await SseStream.OpenAsync(_app.Client, lastEventId);

        Assert.Equal("reset", (await stream.ReadEventAsync()).Event);
    }

    [Fact]
    public async Task An_idle_stream_carries_heartbeat_comments()
    {
        await using var app = await StartAsync(o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(100));
        await using var stream = await SseStream.OpenAsync(app.Client);

        var message = await stream.ReadAsync();

        Assert.Equal(new SseMessage(null, null, null, "ping"), message);
    }

    [Fact]
    public async Task A_disconnected_client_is_unsubscribed()
    {
        var stream = await SseStream.OpenAsync(_app.Client);
        Assert.Equal(1, Hub.SubscriberCount);

        await stream.DisposeAsync();

        await WaitUntil(() => Hub.SubscriberCount == 0);
    }

    [Fact]
    public async Task Stopping_the_server_ends_open_streams_without_waiting_for_the_shutdown_timeout()
    {
        var app = await StartAsync(_ => { });
        await using var stream = await SseStream.OpenAsync(app.Client);

        var stop = app.DisposeAsync().AsTask();

        Assert.Null(await stream.ReadAsync());
        await stop.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(20, timeout.Token);
    }

    private sealed record RunChange(int RunId, string State, string? Message);
}
