using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vetting.Server.Agents;
using Vetting.Server.Hosts;
using Vetting.Server.Runs;

namespace Vetting.Server.Data;

/// <summary>
/// Tells the <see cref="ICommitObserver"/>s that features register what a save wrote — after the commit, never
/// before (a rolled-back step must not be announced) — then runs the actions queued with <see cref="AfterCommit"/>.
/// A save inside an explicit transaction (a workflow step holding its PostgreSQL claim) is announced when that
/// transaction commits (<see cref="TransactionCommits"/>), and forgotten when it rolls back.
/// </summary>
public sealed class CommitPublisher(IServiceProvider services, ILogger<CommitPublisher> logger) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];
    private readonly ConditionalWeakTable<DbContext, List<Action>> _afterCommit = [];

    // Contexts inside SaveChanges. The transaction SaveChanges opens for itself commits before the save has put the
    // generated keys on the new entities (a new run would be announced as run 0), so its changes go out when the save
    // completes instead; only a transaction the caller opened is announced at its commit.
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    // Resolved on first commit: observers are features that may themselves depend on the database.
    private ICommitObserver[]? _observers;

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
        Saved(eventData.Context);
        PublishUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        PublishUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>The context's explicit transaction committed: what its saves wrote is now visible to everyone.</summary>
    internal void TransactionCommitted(DbContext? context)
    {
        if (context is not null && !_saving.TryGetValue(context, out _))
        {
            Publish(context);
        }
    }

    internal void TransactionRolledBack(DbContext? context) => Forget(context);

    private void PublishUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Publish(context);
        }
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
            _saving.Remove(context);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not null)
        {
            _saving.Remove(context);
        }
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        _saving.AddOrUpdate(context, this);
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
                    pending.NetworkStageMoved |= instruction.Stage == Vetting.Protocol.StageNames.Network && entry.State != EntityState.Added;
                    break;
                case Run run when RunStamps.Changed(entry):
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

        // A second save in the same open transaction adds to what the first one wrote.
        if (context.Database.CurrentTransaction is not null && _pending.TryGetValue(context, out var earlier))
        {
            earlier.InstructionRuns.UnionWith(pending.InstructionRuns);
            earlier.Runs.UnionWith(pending.Runs);
            earlier.Hosts.UnionWith(pending.Hosts);
            earlier.StateChanged |= pending.StateChanged;
            earlier.NetworkStageMoved |= pending.NetworkStageMoved;
            earlier.AfterCommit.AddRange(pending.AfterCommit);
            return;
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
        var changes = new CommittedChanges(pending.InstructionRuns,
            [.. pending.Runs.Select(run => new CommittedRun(run, TakeTransitions(run)))], [.. pending.Hosts], pending.StateChanged, pending.NetworkStageMoved);
        _observers ??= InOrder(services.GetServices<ICommitObserver>());
        foreach (var observer in _observers)
        {
            Isolated(() => observer.OnCommitted(changes), observer.GetType().Name);
        }

        foreach (var action in pending.AfterCommit)
        {
            Isolated(action, "an after-commit action");
        }
    }

    /// <summary>The order observers are told in: those that announce first (<see cref="ICommitObserver.Announces"/>), otherwise as registered.</summary>
    internal static ICommitObserver[] InOrder(IEnumerable<ICommitObserver> observers) => [.. observers.OrderBy(observer => observer.Announces ? 0 : 1)];

    private static List<string> TakeTransitions(Run run)
    {
        List<string> states = run.Transitions.Count > 0 ? [.. run.Transitions] : [run.State];
        run.Transitions.Clear();
        return states;
    }

    /// <summary>The data is committed: a failing follow-up must neither hide the others nor fail the save.</summary>
    private void Isolated(Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            logger.LogError(e, "After a commit, {What} failed", what);
        }
    }

    private sealed class Pending
    {
        public HashSet<int> InstructionRuns { get; } = [];
        public HashSet<Run> Runs { get; } = [];
        public HashSet<RegisteredHost> Hosts { get; } = [];
        public bool StateChanged { get; set; }
        public bool NetworkStageMoved { get; set; }
        public List<Action> AfterCommit { get; } = [];
    }
}

/// <summary>Relays the end of an explicit transaction to the <see cref="CommitPublisher"/>.</summary>
public sealed class TransactionCommits(CommitPublisher publisher) : DbTransactionInterceptor
{
    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        publisher.TransactionCommitted(eventData.Context);

    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        publisher.TransactionCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        publisher.TransactionRolledBack(eventData.Context);

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        publisher.TransactionRolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData) =>
        publisher.TransactionRolledBack(eventData.Context);

    public override Task TransactionFailedAsync(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        publisher.TransactionRolledBack(eventData.Context);
        return Task.CompletedTask;
    }
}
