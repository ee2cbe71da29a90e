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

    public FakeTimeProvider Clock { get; } = new(Epoch);

    public LogRecorder Logs { get; } = new();

    public IReadOnlyList<INotifier> All => [.. _services.GetServices<INotifier>()];

    /// <summary>The one configured notifier (the log notifier is always there too).</summary>
    public INotifier Notifier => All.Single(n => n is not LogNotifier);

    public static NotifierOptions Options(string type, params (string Key, string Value)[] settings) =>
        new() { Type = type, Settings = settings.ToDictionary(s => s.Key, s => s.Value) };

    public static Notification Sample(string @event = NotificationEvents.Failed, string? link = "http://vetting.lan:8080/runs/7") => new(
        @event, 7, "node-7", "node-7: vetting failed at Storage", "Run 7 (standard) is FailedHolding.\nFailure: smart: reallocated sectors 12", link);

    public Task NotifyAsync(Notification notification) => Notifier.NotifyAsync(notification, TestContext.Current.CancellationToken);

    /// <summary>
    /// Moves the fake clock on in small steps until <paramref name="done"/> holds, so a timer the code creates a moment
    /// from now still fires. Bounded in both fake and real time.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step, TimeSpan limit)
    {
        for (var moved = TimeSpan.Zero; !done(); moved += step)
        {
            Assert.True(moved < limit, $"still waiting after {limit} of fake time");
            Clock.Advance(step);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => _services.Dispose();
}
