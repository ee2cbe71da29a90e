namespace Vetting.Server.Hosting;

/// <summary>
/// A coalescing wake-up for background loops: any number of <see cref="Wake"/> calls before the loop looks
/// again count as one; the loop also wakes by itself after a timeout.
/// </summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another caller woke it first.
        }
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>
    /// Waits for a wake-up or for <paramref name="timeout"/> on <paramref name="clock"/>, whichever comes first. The
    /// timer exists when this returns, so a test that advances a fake clock afterwards is never too early.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, clock, waiting.Token);
        var woken = _signal.WaitAsync(waiting.Token);
        await Task.WhenAny(delay, woken);
        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
