using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vetting.Server.Agents;
using Vetting.Server.Events;
using Vetting.Server.Hosts;
using Vetting.Server.Runs;

namespace Vetting.Server.Data;

/// <summary>
/// After a successful commit (never before: a rolled-back step must not be announced), wakes long-polling agents
/// that got an instruction, wakes the scheduler when a run state changed, publishes run/host events for SSE, and
/// runs the actions queued with <see cref="AfterCommit"/> (notifications of a workflow step).
/// </summary>
public sealed class DomainEvents(InstructionSignals signals, EventHub events, IServiceProvider services, ILogger<DomainEvents> logger) : SaveChangesInterceptor
{
    /// <summary>Bookkeeping that changes on every agent call; announcing it would flood SSE clients.</summary>
    private static readonly HashSet<string> QuietRunProperties = [nameof(Run.AgentSeenAt), nameof(Run.TokenHash), nameof(Run.Stamp)];

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Pending> _pending = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<Action>> _afterCommit = [];

    /// <summary>
    /// Runs <paramref name="action"/> after the context's next successful SaveChanges. If that save fails (or is
    /// cancelled, or hits a concurrency conflict) the action is dropped, even if the same changes are saved later.
    /// </summary>
    public void AfterCommit(DbContext context, Action action)
    {
        lock (_afterCommit)
        {
            _afterCommit.GetOrCreateValue(context).Add(action);
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Publish(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Forget(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var pending = new Pending();
        lock (_afterCommit)
        {
            if (_afterCommit.TryGetValue(context, out var actions))
            {
                pending.AfterCommit.AddRange(actions);
                _afterCommit.Remove(context);
            }
        }

        // One pass over the tracker (each Entries() call detects changes over every tracked entity, so calling it
        // per child row made a result with N measurements cost N²), and one lookup table for the children's runs.
        var entries = context.ChangeTracker.Entries().ToList();
        Dictionary<int, Run>? runsById = null;
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case AgentInstruction instruction:
                    pending.InstructionRuns.Add(instruction.RunId);
                    pending.AnyInstruction = true;
                    break;
                case Run run when entry.State != EntityState.Modified || entry.Properties.Any(p => p.IsModified && !QuietRunProperties.Contains(p.Metadata.Name)):
                    if (entry.State == EntityState.Modified)
                    {
                        // Through the entry, so the original stamp stays the one the UPDATE's WHERE checks.
                        entry.Property(nameof(Run.Stamp)).CurrentValue = run.Stamp + 1;
                    }

                    pending.Runs.Add(run);
                    pending.StateChanged |= entry.State == EntityState.Added || entry.Property(nameof(Run.State)).IsModified;
                    break;
                case StageAttempt or RunMeasurement or RunSpecDiff or RunArtifact:
                    runsById ??= entries.Select(e => e.Entity).OfType<Run>().GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
                    if (entry.Property("RunId").CurrentValue is int runId && runsById.TryGetValue(runId, out var owner))
                    {
                        pending.Runs.Add(owner);
                    }

                    break;
                case RegisteredHost host:
                    pending.Hosts.Add(host);
                    break;
            }
        }

        _pending.AddOrUpdate(context, pending);
    }

    private void Publish(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);

        foreach (var runId in pending.InstructionRuns)
        {
            signals.Signal(runId);
        }

        if (pending.AnyInstruction || pending.StateChanged)
        {
            // A finished network stage frees the iperf3 port for other runs' agents; an ended run frees a slot.
            signals.SignalAll();
            services.GetRequiredService<RunScheduler>().Wake();
            services.GetRequiredService<Pxe.PxeAllowListSync>().Request();
        }

        foreach (var run in pending.Runs)
        {
            var states = run.Transitions.Count > 0 ? run.Transitions.ToList() : [run.State];
            run.Transitions.Clear();
            foreach (var state in states)
            {
                events.Publish("run", new
                {
                    run.Id,
                    run.HostId,
                    hostName = run.Host?.Name,
                    state,
                    run.Profile,
                    run.CreatedAt,
                    run.StartedAt,
                    run.EndedAt,
                    failure = state == run.State ? run.Failure() : null,
                });
            }
        }

        foreach (var host in pending.Hosts)
        {
            events.Publish("host", new { host.Id, host.Name, host.Mac, host.WolBroadcast, deleted = host.DeletedAt is not null, host.UpdatedAt });
        }

        foreach (var action in pending.AfterCommit)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                // The data is committed: a failing follow-up must neither hide the others nor fail the save.
                logger.LogError(e, "An after-commit action failed");
            }
        }
    }

    private sealed class Pending
    {
        public HashSet<int> InstructionRuns { get; } = [];
        public HashSet<Run> Runs { get; } = [];
        public HashSet<RegisteredHost> Hosts { get; } = [];
        public bool StateChanged { get; set; }
        public bool AnyInstruction { get; set; }
        public List<Action> AfterCommit { get; } = [];
    }
}
