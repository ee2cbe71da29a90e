using System.Net;
using System.Net.Sockets;
using Vetting.Activities.Ports;

namespace Vetting.Server.Tests.Notifications;

/// <summary>What all remote notifiers share: event filter, deadline, and failures that end in the log, not in the caller.</summary>
public sealed class RemoteNotifierTests
{
    [Fact]
    public async Task Only_the_configured_events_are_sent()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4")), ("events", "failed,held")));

        foreach (var @event in NotificationEvents.All)
        {
            await harness.NotifyAsync(NotifierHarness.Sample(@event));
        }

        Assert.Equal(["x", "warning"], ntfy.Requests.Select(r => r.Header("Tags")));
        Assert.Equal(
            ["Information: notify: ntfy sent failed for run 7", "Information: notify: ntfy sent held for run 7"],
            harness.Logs.NotifyLines);
    }

    [Fact]
    public async Task Without_an_events_setting_every_event_is_sent()
    {
        await using var discord = await CaptureServer.StartAsync();
        using var harness = new NotifierHarness(NotifierHarness.Options("discord", ("webhook_url", discord.Url("/api/webhooks/1/abc"))));

        foreach (var @event in NotificationEvents.All)
        {
            await harness.NotifyAsync(NotifierHarness.Sample(@event));
        }

        Assert.Equal(NotificationEvents.All.Count, discord.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_given_up_on_after_ten_seconds()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        ntfy.Respond = ntfy.Hang;
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4"))));

        var sending = harness.NotifyAsync(NotifierHarness.Sample());
        await ntfy.NextAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(sending.IsCompleted);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await sending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(["Warning: notify: ntfy failed for run 7: no answer within 10 s"], harness.Logs.NotifyLines);
    }

    [Fact]
    public async Task An_unreachable_server_is_logged_not_thrown()
    {
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", $"http://127.0.0.1:{ClosedPort()}/rack-4")));

        await harness.NotifyAsync(NotifierHarness.Sample());

        var line = Assert.Single(harness.Logs.NotifyLines);
        Assert.StartsWith("Warning: notify: ntfy failed for run 7: ", line, StringComparison.Ordinal);
        Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_callers_cancellation_is_passed_on_and_logged()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        ntfy.Respond = ntfy.Hang;
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4"))));
        using var shutdown = new CancellationTokenSource();

        var sending = harness.Notifier.NotifyAsync(NotifierHarness.Sample(), shutdown.Token);
        await ntfy.NextAsync();
        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(["Warning: notify: ntfy failed for run 7: cancelled before delivery"], harness.Logs.NotifyLines);
    }

    /// <summary>A loopback port nobody listens on: bound once to get a free number, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
