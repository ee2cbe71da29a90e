using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vetting.Server.Configuration;
using Vetting.Server.Events;
using Vetting.Server.Runs;

namespace Vetting.Server.Tests.Events;

/// <summary>
/// What the relay does with a notification on its channel. Anyone who may connect to the database can NOTIFY, so
/// this is input from outside. (Two orchestrators relaying for real: <c>SitesTests</c>, on PostgreSQL.)
/// </summary>
public sealed class PostgresEventRelayTests : IDisposable
{
    private readonly EventHub _hub;
    private readonly RunProgress _progress;
    private readonly PostgresEventRelay _relay;

    public PostgresEventRelayTests()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var json = Options.Create(new JsonOptions());
        _hub = new EventHub(Options.Create(new EventHubOptions()), json, clock, NullLogger<EventHub>.Instance);
        // Never started: Receive is called directly, so nothing connects to this address.
        var nothing = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        var scheduler = new RunScheduler(nothing, new RunOptions(), new SiteOptions(), clock, NullLogger<RunScheduler>.Instance);
        _progress = new RunProgress(_hub, clock);
        var runs = new RunEvents(_hub, _progress, NullLogger<RunEvents>.Instance);
        _relay = new PostgresEventRelay("Host=127.0.0.1;Database=vetting", _hub, _progress, runs, scheduler, json, clock,
            NullLogger<PostgresEventRelay>.Instance);
    }

    public void Dispose() => _relay.Dispose();

    private static List<(string Event, string Data)> Drain(EventSubscription subscription)
    {
        var seen = new List<(string, string)>();
        while (subscription.Live.TryRead(out var e))
        {
            var lines = Encoding.UTF8.GetString(e.Frame.Span).Split('\n');
            seen.Add((e.Name, Assert.Single(lines, l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]));
        }

        return seen;
    }

    [Fact]
    public void Another_orchestrators_event_is_published_here_on_one_line_with_only_its_own_fields()
    {
        using var live = _hub.Subscribe(null);

        _relay.Receive("""
            4f1c
            run
            {
              "id": 7, "hostId": 1, "hostName": "node-b", "state": "Booting", "profile": "quick",
              "createdAt": "2026-11-24T10:00:00+00:00", "startedAt": null, "endedAt": null, "failure": null, "stamp": 3, "injected": "<script>"
            }
            """);
        _relay.Receive("4f1c\nhost\n{\"id\":3,\"name\":\"node-b\",\"mac\":\"52:54:00:00:03:01\",\"wolBroadcast\":\"10.77.0.255\",\"deleted\":false,"
                       + "\"updatedAt\":\"2026-11-24T10:00:00+00:00\",\"extra\":1}");

        Assert.Equal(
        [
            ("run", """{"id":7,"hostId":1,"hostName":"node-b","state":"Booting","profile":"quick","createdAt":"2026-11-24T10:00:00+00:00","startedAt":null,"endedAt":null,"failure":null,"stamp":3}"""),
            ("host", """{"id":3,"name":"node-b","mac":"52:54:00:00:03:01","wolBroadcast":"10.77.0.255","deleted":false,"updatedAt":"2026-11-24T10:00:00+00:00"}"""),
        ], Drain(live));
    }

    [Fact]
    public void Events_another_orchestrator_could_not_send_make_the_pages_here_reload()
    {
        using var live = _hub.Subscribe(null);

        _relay.Receive("4f1c\ngap\n{}");

        Assert.Equal([("reset", """{"reason":"site-events-lost"}""")], Drain(live));
    }

    [Fact]
    public void A_relayed_heartbeat_is_held_to_the_limits_of_one_heard_here()
    {
        using var live = _hub.Subscribe(null);

        _relay.Receive($"4f1c\nprogress\n{{\"runId\":7,\"stage\":\"cpu\",\"percent\":250,\"message\":\"{new string('x', 500)}\",\"at\":\"2026-11-24T10:00:00Z\"}}");

        var (name, data) = Assert.Single(Drain(live));
        Assert.Equal("progress", name);
        var beat = JsonDocument.Parse(data).RootElement;
        Assert.Equal((7, "cpu", 100.0, 200), (beat.GetProperty("runId").GetInt32(), beat.GetProperty("stage").GetString(),
            beat.GetProperty("percent").GetDouble(), beat.GetProperty("message").GetString()!.Length));
    }

    private static string RunPayload(int id, string state, int stamp) =>
        $"4f1c\nrun\n{{\"id\":{id},\"hostId\":1,\"state\":\"{state}\",\"profile\":\"quick\",\"createdAt\":\"2026-11-24T10:00:00Z\",\"stamp\":{stamp}}}";

    [Fact]
    public void A_relayed_run_event_older_than_one_already_published_here_is_left_out()
    {
        using var live = _hub.Subscribe(null);

        // Two orchestrators changed run 7 and their relays' notifications crossed.
        _relay.Receive(RunPayload(7, "Booting", 4));
        _relay.Receive(RunPayload(7, "WaitingWoL", 3));
        _relay.Receive(RunPayload(7, "Inventory", 5));

        Assert.Equal(["Booting", "Inventory"], Drain(live).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("state").GetString()));
    }

    [Fact]
    public void Relayed_heartbeats_of_runs_not_held_are_published_but_not_held_past_the_limit()
    {
        for (var id = 1; id <= RunProgress.Capacity + 10; id++)
        {
            _relay.Receive($"4f1c\nprogress\n{{\"runId\":{id},\"stage\":\"cpu\",\"at\":\"2026-11-24T10:00:00Z\"}}");
        }

        using var live = _hub.Subscribe(null);
        _relay.Receive($"4f1c\nprogress\n{{\"runId\":{RunProgress.Capacity + 11},\"stage\":\"cpu\",\"at\":\"2026-11-24T10:00:00Z\"}}");
        _relay.Receive("4f1c\nprogress\n{\"runId\":1,\"stage\":\"memory\",\"at\":\"2026-11-24T10:00:00Z\"}");
        // A relayed end drops the run's beat, which makes room for another.
        _relay.Receive(RunPayload(1, "Passed", 9));
        _relay.Receive("4f1c\nprogress\n{\"runId\":99999,\"stage\":\"cpu\",\"at\":\"2026-11-24T10:00:00Z\"}");

        Assert.Equal(["progress", "progress", "run", "progress"], Drain(live).Select(e => e.Event));
        Assert.Equal(RunProgress.Capacity, _progress.HeldRuns.Count);
        Assert.DoesNotContain(1, _progress.HeldRuns);
        Assert.Contains(99999, _progress.HeldRuns);
        Assert.DoesNotContain(RunProgress.Capacity + 11, _progress.HeldRuns);
    }

    [Theory]
    [InlineData("no line break at all")]
    [InlineData("4f1c\nrun")]
    [InlineData("4f1c\nreset\n{\"reason\":\"go away\"}")]
    [InlineData("4f1c\nrun\nevent: host\\ndata: {}")]
    [InlineData("4f1c\nrun\n[1,2]")]
    [InlineData("4f1c\nrun\n{\"id\":7,\"state\":\"Booting\"}")]
    [InlineData("4f1c\nrun\n{\"id\":")]
    [InlineData("4f1c\nprogress\n{\"runId\":\"seven\"}")]
    [InlineData("4f1c\nrun\nevil\nevent: reset")]
    public void A_notification_that_is_not_a_relayed_event_is_ignored(string payload)
    {
        using var live = _hub.Subscribe(null);

        _relay.Receive(payload);

        Assert.Empty(Drain(live));
    }

    [Fact]
    public void This_processs_own_events_coming_back_are_not_published_twice()
    {
        using var live = _hub.Subscribe(null);

        _relay.Receive($"{_relay.Origin}\nrun\n{{\"id\":9,\"state\":\"Passed\"}}");

        Assert.Empty(Drain(live));
    }

    [Fact]
    public void Published_events_are_forwarded_and_events_meant_for_here_are_not()
    {
        var forwarded = new List<string>();
        _hub.Forward = (name, json) => forwarded.Add($"{name} {Encoding.UTF8.GetString(json)}");

        _hub.Publish("run", new { id = 1 });
        _hub.PublishHere("run", new { id = 2 });

        Assert.Equal(["run {\"id\":1}"], forwarded);
    }
}
