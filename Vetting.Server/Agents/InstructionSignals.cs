using System.Collections.Concurrent;
using Vetting.Server.Data;

namespace Vetting.Server.Agents;

/// <summary>
/// Wakes a run's long-polling <c>next</c> call when an instruction for it has been committed, and every waiting
/// agent when a shared resource may have freed (a finished network stage frees the iperf3 port).
/// </summary>
public sealed class InstructionSignals : ICommitObserver
{
    public void OnCommitted(CommittedChanges changes)
    {
        foreach (var runId in changes.InstructionRuns)
        {
            Signal(runId);
        }

        if (changes.SharedResourcesMoved)
        {
            SignalAll();
        }
    }

    private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiters = new();

    /// <summary>Completes when <see cref="Signal"/> is called for the run, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(int runId, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var waiter = _waiters.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await waiter.Task.WaitAsync(timeout, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing arrived in time; the caller looks once more and answers 204.
        }
    }

    public void Signal(int runId)
    {
        if (_waiters.TryRemove(runId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Wakes every waiter, e.g. when a shared resource (the iperf3 port) became free.</summary>
    public void SignalAll()
    {
        foreach (var runId in _waiters.Keys)
        {
            Signal(runId);
        }
    }
}
