using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vetting.Activities.Ports;
using Vetting.Server.Configuration;
using Vetting.Server.Notifications;

namespace Vetting.Server.Tests.Notifications;

/// <summary>The notifiers as the server registers them (<see cref="NotifierRegistration"/>), on a fake clock, with their logs kept.</summary>
internal sealed class NotifierHarness : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public NotifierHarness(params NotifierOptions[] notifiers)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddVettingNotifiers(notifiers);
        _services = collection.BuildServiceProvider();
    }

    public WatchedClock Clock { get; } = new(Epoch);

    public LogRecorder Logs { get; } = new();

    public IReadOnlyList<INotifier> All => [.. _services.GetServices<INotifier>()];

    /// <summary>The one configured notifier (the log notifier is always there too).</summary>
    public INotifier Notifier => All.Single(n => n is not LogNotifier);

    public static NotifierOptions Options(string type, params (string Key, string Value)[] settings) =>
        new() { Type = type, Settings = settings.ToDictionary(s => s.Key, s => s.Value) };

    public static Notification Sample(string @event = NotificationEvents.Failed, string? link = "http://vetting.lan:8080/runs/7") => new(
        @event, 7, "node-7", "node-7: vetting failed at Storage", "Run 7 (standard) is FailedHolding.\nFailure: smart: reallocated sectors 12", link);

    public Task NotifyAsync(Notification notification) => Notifier.NotifyAsync(notification, TestContext.Current.CancellationToken);

    public void Dispose() => _services.Dispose();
}

/// <summary>
/// A fake clock that tells when code starts waiting on it, so a test moves it once the wait exists rather than in
/// steps that may come before it (a busy machine) or overshoot it.
/// </summary>
internal sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits (bounded) until code has started a wait of exactly <paramref name="dueTime"/> on this clock.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        while (await _waits.Reader.ReadAsync(bound.Token) != dueTime)
        {
        }
    }
}
