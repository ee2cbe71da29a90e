using System.Collections.Concurrent;
using Vetting.Activities.Ports;

namespace Vetting.Server.Tests.Support;

/// <summary>A notifier that keeps what it was sent, registered beside the real ones.</summary>
public sealed class RecordingNotifier : INotifier
{
    private readonly ConcurrentQueue<Notification> _sent = new();

    public string Name => "recording";

    public IReadOnlyList<Notification> Sent => [.. _sent];

    public Task<NotifyResult> NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        _sent.Enqueue(notification);
        return Task.FromResult(NotifyResult.Sent);
    }

    /// <summary>Delivery is asynchronous: waits (bounded by real time) until <paramref name="count"/> notifications arrived.</summary>
    public async Task<IReadOnlyList<Notification>> WaitForAsync(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (_sent.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Sent;
    }
}
