using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Vetting.Server.Data;

/// <summary>
/// <c>vetting db migrate-to-postgres</c>: copies every row of a SQLite database into an empty PostgreSQL database of
/// the same schema version, in one PostgreSQL transaction, keeping ids, stamps and revisions as they are. The SQLite
/// side is read in one read transaction, so the copy is a single point in time. Nothing is written to the SQLite file.
/// </summary>
public static class PostgresMigration
{
    private const int Batch = 500;

    private static readonly MethodInfo CopyTableMethod = typeof(PostgresMigration).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>A refusal to migrate, with the reason the operator can act on.</summary>
    public sealed class RefusedException(string message) : Exception(message);

    public sealed record TableCount(string Table, int Rows);

    public static async Task<IReadOnlyList<TableCount>> CopyAsync(string sqliteFile, string connectionString, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(sqliteFile))
        {
            throw new RefusedException($"no SQLite database at {sqliteFile}");
        }

        await using var source = new VettingDbContext(new DbContextOptionsBuilder<VettingDbContext>()
            .UseSqlite($"Data Source={sqliteFile};Mode=ReadOnly;Pooling=False").Options);
        var pendingAtSource = (await source.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pendingAtSource.Count > 0)
        {
            throw new RefusedException(
                $"{sqliteFile} is older than this vetting (missing {string.Join(", ", pendingAtSource)}): start this version once with "
                + "'vetting serve' so it upgrades the file, stop it, then migrate");
        }

        await using var target = new PostgresVettingDbContext(new DbContextOptionsBuilder<PostgresVettingDbContext>().UseNpgsql(connectionString).Options);
        try
        {
            await target.Database.MigrateAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new RefusedException($"PostgreSQL refused the connection or the schema: {e.Message}");
        }

        var tables = InsertionOrder(target.Model);
        foreach (var table in tables)
        {
            if (await CountAsync(target, table, cancellationToken) is > 0 and var rows)
            {
                throw new RefusedException($"the PostgreSQL database is not empty ({table.GetTableName()} has {rows} rows); give a new, empty database");
            }
        }

        await using var read = await source.Database.BeginTransactionAsync(cancellationToken);
        await using var write = await target.Database.BeginTransactionAsync(cancellationToken);
        var counts = new List<TableCount>();
        foreach (var table in tables)
        {
            var copy = (Task<int>)CopyTableMethod.MakeGenericMethod(table.ClrType).Invoke(null, [source, target, cancellationToken])!;
            var copied = await copy;
            var found = await CountAsync(target, table, cancellationToken);
            if (found != copied)
            {
                throw new RefusedException($"{table.GetTableName()}: copied {copied} rows but PostgreSQL holds {found}; nothing was committed");
            }

            await ResetIdentityAsync(target, table, cancellationToken);
            counts.Add(new TableCount(table.GetTableName()!, copied));
        }

        await write.CommitAsync(cancellationToken);
        return counts;
    }

    // Parents before children, so every foreign key finds its row; the order is the same on every run.
    private static List<IEntityType> InsertionOrder(IModel model)
    {
        var pending = model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()).OrderBy(e => e.GetTableName(), StringComparer.Ordinal).ToList();
        var ordered = new List<IEntityType>();
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(e => e.GetForeignKeys().All(fk => fk.PrincipalEntityType == e || ordered.Contains(fk.PrincipalEntityType)))
                        ?? throw new InvalidOperationException("the model's foreign keys form a cycle");
            ordered.Add(ready);
            pending.Remove(ready);
        }

        return ordered;
    }

    private static async Task<int> CopyTableAsync<T>(VettingDbContext source, PostgresVettingDbContext target, CancellationToken cancellationToken)
        where T : class
    {
        var keys = source.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties.Select(p => p.Name).ToList();
        var rows = 0;
        var query = source.Set<T>().AsNoTracking();
        query = keys.Aggregate((IOrderedQueryable<T>?)null, (ordered, key) => ordered is null
            ? query.OrderBy(r => EF.Property<object>(r, key))
            : ordered.ThenBy(r => EF.Property<object>(r, key)))!;
        var chunk = new List<T>(Batch);
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            chunk.Add(row);
            if (chunk.Count == Batch)
            {
                rows += await SaveAsync(target, chunk, cancellationToken);
            }
        }

        return rows + await SaveAsync(target, chunk, cancellationToken);
    }

    private static async Task<int> SaveAsync<T>(PostgresVettingDbContext target, List<T> chunk, CancellationToken cancellationToken)
        where T : class
    {
        var count = chunk.Count;
        target.Set<T>().AddRange(chunk);
        await target.SaveChangesAsync(cancellationToken);
        target.ChangeTracker.Clear();
        chunk.Clear();
        return count;
    }

    private static readonly MethodInfo CountMethod = typeof(PostgresMigration).GetMethod(nameof(CountRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<int> CountAsync(PostgresVettingDbContext target, IEntityType table, CancellationToken cancellationToken) =>
        (Task<int>)CountMethod.MakeGenericMethod(table.ClrType).Invoke(null, [target, cancellationToken])!;

    private static Task<int> CountRowsAsync<T>(PostgresVettingDbContext target, CancellationToken cancellationToken)
        where T : class => target.Set<T>().CountAsync(cancellationToken);

    // Ids were copied as they were; the identity sequence must continue after the largest, or the next insert collides.
    private static async Task ResetIdentityAsync(PostgresVettingDbContext target, IEntityType table, CancellationToken cancellationToken)
    {
        if (table.FindPrimaryKey()!.Properties is not [{ ValueGenerated: ValueGenerated.OnAdd } key] || (key.ClrType != typeof(int) && key.ClrType != typeof(long)))
        {
            return;
        }

        var identity = key.GetColumnName();
        var name = table.GetTableName()!;
        // setval(seq, max, true) continues at max + 1; an empty table restarts at 1.
        // Names come from the model, never from input.
        var sql = $"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{identity}'), COALESCE(MAX(\"{identity}\"), 1), MAX(\"{identity}\") IS NOT NULL) FROM \"{name}\"";
        await target.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }
}
