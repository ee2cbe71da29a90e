using System.Collections.Concurrent;
using Vetting.Server.Data;

namespace Vetting.Server.Agents;

/// <summary>
/// Wakes a run's long-polling <c>next</c> call when an instruction for it has been committed, and the calls whose
/// network stage waits for the iperf3 port when that port may have freed (a network stage's instruction changed).
/// </summary>
/// <remarks>
/// A call arms its wake-up before it reads its mailbox (<see cref="Arm"/>), then parks it with what it waits for
/// (<see cref="Park"/>): a commit that lands between the read and the wait still wakes it. Only port waiters and calls
/// still reading are woken for the port, so a commit does not send every waiting agent back to the database.
/// </remarks>
public sealed class InstructionSignals : ICommitObserver
{
    private readonly ConcurrentDictionary<int, Waiter> _waiters = new();
    private readonly ConcurrentDictionary<int, long> _inLine = new();
    private long _sequence;

    public void OnCommitted(CommittedChanges changes)
    {
        foreach (var runId in changes.InstructionRuns)
        {
            Signal(runId);
        }

        if (changes.NetworkStageMoved)
        {
            SignalPortWaiters();
        }
    }

    /// <summary>Arms the run's wake-up; call it before reading the mailbox, then <see cref="Park"/> and await the task.</summary>
    public Task Arm(int runId)
    {
        var waiter = _waiters.GetOrAdd(runId, _ => new Waiter());
        waiter.Reading = true;
        return waiter.Signalled.Task;
    }

    /// <summary>The mailbox was read and had nothing to hand out; <paramref name="forPort"/>: a network stage waits for the iperf3 port.</summary>
    public void Park(int runId, bool forPort)
    {
        if (_waiters.TryGetValue(runId, out var waiter))
        {
            // Its place in the line for the port is kept across wake-ups: from when it first found the port busy until
            // it is handed an instruction.
            if (forPort)
            {
                _inLine.GetOrAdd(runId, _ => Interlocked.Increment(ref _sequence));
            }
            else
            {
                _inLine.TryRemove(runId, out _);
            }

            waiter.Reading = false;
        }
    }

    /// <summary>Completes when the armed wake-up fires, or after <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(Task armed, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await armed.WaitAsync(timeout, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing arrived in time; the caller looks once more.
        }
    }

    public void Signal(int runId)
    {
        if (_waiters.TryRemove(runId, out var waiter))
        {
            waiter.Signalled.TrySetResult();
        }
    }

    /// <summary>
    /// The port may be free: wakes the call that has waited for it longest (only one can take it; waking them all made
    /// a thousand queued network stages cost a million mailbox reads), and the calls still reading, which may have
    /// seen it busy an instant ago. The one that takes it commits, and that wakes the next in line to look again.
    /// </summary>
    public void SignalPortWaiters()
    {
        (int RunId, long Since)? longest = null;
        foreach (var (runId, waiter) in _waiters)
        {
            if (waiter.Reading)
            {
                Signal(runId);
            }
            else if (_inLine.TryGetValue(runId, out var since) && (longest is null || since < longest.Value.Since))
            {
                longest = (runId, since);
            }
        }

        if (longest is { } first)
        {
            Signal(first.RunId);
        }
    }

    /// <summary>A call for the run is parked waiting for the iperf3 port (for tests).</summary>
    internal bool IsParkedForPort(int runId) => _waiters.TryGetValue(runId, out var waiter) && !waiter.Reading && _inLine.ContainsKey(runId);

    private sealed class Waiter
    {
        public TaskCompletionSource Signalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Reading;
    }
}
