using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vetting.Server.Data;

/// <summary>
/// Lets SQLite writers wait their turn in line, asynchronously, instead of in SQLite's busy handler.
/// </summary>
/// <remarks>
/// SQLite has one writer at a time. A transaction that finds the write lock taken waits in the busy handler, which
/// sleeps on the calling thread and retries at growing intervals (up to 100 ms apart). Under a burst (a rack's nodes all
/// saying hello at once) that parks thread-pool threads in <c>usleep</c>: the pool starves, and every request, reads
/// included, waits for threads to be injected; a writer that came late can also overtake one that has waited long. The
/// load harness showed it: 200 hellos at once took 275 ms at the median, 34 ms with 300 threads forced into the pool.
/// Here a transaction first takes an in-process gate (first come, first served, awaited without a thread), then its
/// <c>BEGIN IMMEDIATE</c> finds the lock free. Writes outside a transaction are put in one (see
/// <see cref="SavingChangesAsync"/>) or take the gate themselves (<c>ExecuteUpdate</c>/<c>ExecuteDelete</c>).
/// The gate only orders writers; SQLite's lock still guards the data. So a writer that cannot get the gate within
/// <see cref="Patience"/> (another process writing the same file, or a holder that never ended) goes on without it and
/// leaves the wait to SQLite, as before, with a warning.
/// </remarks>
public sealed class SqliteWriteGate(ILogger<SqliteWriteGate> logger) : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor, ISaveChangesInterceptor, IDisposable
{
    /// <summary>How long a writer waits for the gate before leaving the wait to SQLite (its busy_timeout is 10 s).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private Guid _holder;

    /// <summary>The connection whose write holds the gate (<see cref="Guid.Empty"/> when it is free); for tests.</summary>
    public Guid Holder
    {
        get
        {
            lock (_lock)
            {
                return _holder;
            }
        }
    }

    /// <summary>Writers that went on without the gate after waiting <see cref="Patience"/> for it.</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    private long _overruns;

    public void Dispose() => _gate.Dispose();

    // --- SaveChanges: always in a transaction, so even a one-statement save (which EF would send alone) is gated.

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AlwaysInTransaction(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AlwaysInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // --- Transactions: the gate is taken before BEGIN IMMEDIATE and given back when the transaction ends.

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(eventData.ConnectionId);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.ConnectionId, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    // --- A transaction disposed without commit or rollback (an exception on the way) ends when its connection closes.

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ConnectionClosing(connection, eventData, result);

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ConnectionClosingAsync(connection, eventData, result);

    // --- A bulk write outside a transaction (ExecuteUpdate/ExecuteDelete) holds the gate for its one statement.

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsLoneWrite(command))
        {
            Enter(eventData.ConnectionId);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command))
        {
            await EnterAsync(eventData.ConnectionId, cancellationToken);
        }

        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        EndLoneWrite(command, eventData.ConnectionId);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndLoneWrite(command, eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => EndLoneWrite(command, eventData.ConnectionId);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndLoneWrite(command, eventData.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>A statement outside a transaction has ended: the gate it took for itself (if any) goes back.</summary>
    private void EndLoneWrite(DbCommand command, Guid connectionId)
    {
        if (command.Transaction is null)
        {
            Release(connectionId);
        }
    }

    /// <summary>A statement that writes and runs on its own (autocommit): the only kind that takes the gate per command.</summary>
    private static bool IsLoneWrite(DbCommand command) =>
        command.Transaction is null
        && command.CommandText.TrimStart() is var text
        && (text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase));

    private static void AlwaysInTransaction(DbContext? context)
    {
        if (context is not null && context.Database.AutoTransactionBehavior == AutoTransactionBehavior.WhenNeeded)
        {
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    /// <summary>Waits for the gate unless this connection already holds it (a transaction's statements, a nested save).</summary>
    private void Enter(Guid connectionId)
    {
        if (!Holds(connectionId))
        {
            Took(connectionId, _gate.Wait(Patience));
        }
    }

    private async ValueTask EnterAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        if (!Holds(connectionId))
        {
            Took(connectionId, await _gate.WaitAsync(Patience, cancellationToken));
        }
    }

    private bool Holds(Guid connectionId)
    {
        lock (_lock)
        {
            return _holder == connectionId;
        }
    }

    private void Took(Guid connectionId, bool entered)
    {
        if (!entered)
        {
            Interlocked.Increment(ref _overruns);
            logger.LogWarning("a database write waited {Patience} s for its turn and goes on without it (SQLite's own lock still applies); "
                              + "is another process writing the database file?", Patience.TotalSeconds);
            return;
        }

        lock (_lock)
        {
            _holder = connectionId;
        }
    }

    private void Release(Guid connectionId)
    {
        lock (_lock)
        {
            if (_holder != connectionId || connectionId == Guid.Empty)
            {
                return;
            }

            _holder = Guid.Empty;
        }

        _gate.Release();
    }
}
