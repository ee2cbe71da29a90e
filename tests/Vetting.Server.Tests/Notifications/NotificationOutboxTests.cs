using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vetting.Activities.Ports;
using Vetting.Server.Data;
using Vetting.Server.Notifications;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Notifications;

/// <summary>
/// Notifications go through an outbox: written with the step that caused them, delivered at least once with bounded
/// retries, never twice for one occurrence, and never in a run's way.
/// </summary>
public sealed class NotificationOutboxTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vetting-outbox-").FullName;
    private readonly FakeTimeProvider _clock = new(VettingApp.Epoch);
    private readonly List<VettingApp> _apps = [];

    public void Dispose()
    {
        foreach (var app in _apps)
            app.Dispose();
        _apps.Last().DeleteFiles();
    }

    private VettingApp Start(INotifier notifier)
    {
        var app = new VettingApp(_root, clock: _clock, services: s => s.AddSingleton(notifier));
        _apps.Add(app);
        return app;
    }

    [Fact]
    public async Task A_notification_committed_before_the_process_died_is_delivered_after_the_restart()
    {
        // The first process commits the verdict, but its notifier's endpoint is down, and then the process is gone.
        var first = Start(new ScriptedNotifier("pager", failures: int.MaxValue));
        var client = first.CreateClient();
        var (runId, agent) = await first.StartRunWithAgentAsync(client);
        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(client, runId, "Passed");
        var pending = await WaitForDeliveryAsync(first, d => d.Notifier == "pager" && d.Attempts == 1);
        Assert.Equal(DeliveryStatus.Pending, pending.Status);
        Assert.Equal("pager: no route to host", pending.LastError);
        first.Dispose();

        var pager = new ScriptedNotifier("pager", failures: 0);
        var second = Start(pager);
        second.CreateClient();
        _clock.Advance(NotificationOutbox.RetryAfter(1));
        second.Service<NotificationDeliveryService>().Wake();

        var sent = await WaitForDeliveryAsync(second, d => d.Notifier == "pager" && d.Status == DeliveryStatus.Sent);
        Assert.Equal(2, sent.Attempts);
        var delivered = Assert.Single(pager.Delivered);
        Assert.Equal((NotificationEvents.Passed, runId), (delivered.Event, delivered.RunId));
    }

    [Fact]
    public async Task A_failing_notifier_is_retried_with_back_off_then_given_up_without_holding_the_run_up()
    {
        var pager = new ScriptedNotifier("pager", failures: int.MaxValue);
        var app = Start(pager);
        var client = app.CreateClient();
        var (runId, agent) = await app.StartRunWithAgentAsync(client);
        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(client, runId, "Passed");
        var log = await WaitForDeliveryAsync(app, d => d.Notifier == "log" && d.Status == DeliveryStatus.Sent);
        Assert.Equal(1, log.Attempts);
        await WaitForDeliveryAsync(app, d => d.Notifier == "pager" && d.Attempts == 1);
        var shown = (await VettingApp.GetRunAsync(client, runId)).GetProperty("notifications").EnumerateArray()
            .ToDictionary(n => n.GetProperty("notifier").GetString()!, n => n);
        Assert.Equal("Sent", shown["log"].GetProperty("status").GetString());
        Assert.Equal("Pending", shown["pager"].GetProperty("status").GetString());
        Assert.Equal("pager: no route to host", shown["pager"].GetProperty("lastError").GetString());
        Assert.Equal(VettingApp.Epoch + NotificationOutbox.RetryAfter(1), shown["pager"].GetProperty("nextAttemptAt").GetDateTimeOffset());

        for (var attempt = 1; attempt < NotificationOutbox.MaxAttempts; attempt++)
        {
            var before = await WaitForDeliveryAsync(app, d => d.Notifier == "pager" && d.Attempts == attempt);
            Assert.Equal(before.CreatedAt + Elapsed(attempt), before.DueAt);
            _clock.Advance(NotificationOutbox.RetryAfter(attempt));
            app.Service<NotificationDeliveryService>().Wake();
        }

        var failed = await WaitForDeliveryAsync(app, d => d.Notifier == "pager" && d.Status == DeliveryStatus.Failed);
        Assert.Equal(NotificationOutbox.MaxAttempts, failed.Attempts);
        Assert.Equal(NotificationOutbox.MaxAttempts, pager.Attempts);
        Assert.Equal([10, 20, 40, 80, 160, 320, 640], Enumerable.Range(1, 7).Select(a => (int)NotificationOutbox.RetryAfter(a).TotalSeconds));
    }

    [Fact]
    public async Task The_same_occurrence_is_queued_once_and_a_new_one_again()
    {
        var app = Start(new ScriptedNotifier("pager", failures: 0));
        var client = app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await app.CreateHostAsync(client));
        var notification = new Notification(NotificationEvents.Held, runId, "node-1", "node-1: held", "held for SSH", null);

        for (var pass = 0; pass < 2; pass++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<NotificationOutbox>();
            await outbox.EnqueueAsync(notification, "hold@7", TestContext.Current.CancellationToken);
            await outbox.EnqueueAsync(notification, "hold@7", TestContext.Current.CancellationToken);
            if (pass == 1)
                await outbox.EnqueueAsync(notification, "hold@12", TestContext.Current.CancellationToken);
            await scope.ServiceProvider.GetRequiredService<VettingDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var rows = await app.InScopeAsync(sp => sp.GetRequiredService<VettingDbContext>().NotificationDeliveries.AsNoTracking()
            .Where(d => d.RunId == runId).Select(d => $"{d.Notifier} {d.Occurrence}").ToListAsync());
        Assert.Equal(["log hold@12", "log hold@7", "pager hold@12", "pager hold@7"], rows.Order(StringComparer.Ordinal));
    }

    private static TimeSpan Elapsed(int attempts) =>
        Enumerable.Range(1, attempts).Aggregate(TimeSpan.Zero, (sum, a) => sum + NotificationOutbox.RetryAfter(a));

    /// <summary>Polls the outbox table (bounded by real time) until a delivery matches.</summary>
    private static async Task<NotificationDelivery> WaitForDeliveryAsync(VettingApp app, Func<NotificationDelivery, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        List<NotificationDelivery> rows;
        do
        {
            rows = await app.InScopeAsync(sp => sp.GetRequiredService<VettingDbContext>().NotificationDeliveries.AsNoTracking().ToListAsync());
            if (rows.FirstOrDefault(match) is { } found)
                return found;
            await Task.Delay(25);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException("no delivery matched; the outbox holds: " +
                                   string.Join("; ", rows.Select(d => $"{d.Notifier} {d.Event} {d.Status} x{d.Attempts} due {d.DueAt:O} {d.LastError}")));
    }

    /// <summary>A notifier that fails its first <c>failures</c> attempts as an unreachable endpoint would.</summary>
    private sealed class ScriptedNotifier(string name, int failures) : INotifier
    {
        private readonly ConcurrentQueue<Notification> _delivered = new();
        private int _attempts;

        public string Name => name;

        public int Attempts => Volatile.Read(ref _attempts);

        public IReadOnlyList<Notification> Delivered => [.. _delivered];

        public Task<NotifyResult> NotifyAsync(Notification notification, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
                return Task.FromResult(NotifyResult.Failed($"{name}: no route to host"));
            _delivered.Enqueue(notification);
            return Task.FromResult(NotifyResult.Sent);
        }
    }
}
