using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vetting.Server.Configuration;

namespace Vetting.Server.Data;

/// <summary>
/// Applies pending migrations at start-up. Migrations are append-only. On SQLite, before applying any, the database
/// file is copied next to itself (<c>vetting.db.before-&lt;migration&gt;-&lt;utc&gt;</c>) so an upgrade can be undone;
/// on PostgreSQL that is the operator's <c>pg_dump</c> (docs/operations.md), and EF's migration lock keeps two
/// orchestrators starting at once from applying the same migration twice.
/// </summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        var paths = scope.ServiceProvider.GetRequiredService<PathOptions>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<VettingDbContext>>();
        if (!db.Database.IsSqlite())
        {
            // On an empty PostgreSQL database EF would first query a history table that does not exist yet and log
            // that as a failed command; creating it (IF NOT EXISTS) keeps a first start's log free of false errors.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (!db.Database.IsSqlite())
        {
            // Nothing pending, nothing to do: Migrate would still build the snapshot's model and compare it with the
            // current one, which is most of a start-up's second.
            if (pending.Count > 0)
            {
                await db.Database.MigrateAsync(cancellationToken);
                logger.LogInformation("database: applied {Migrations} to PostgreSQL", string.Join(", ", pending));
            }

            return;
        }

        if (pending.Count > 0 && File.Exists(paths.DatabaseFile) && new FileInfo(paths.DatabaseFile).Length > 0)
        {
            // Fold the WAL into the main file first so the copy is complete on its own.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            var backup = $"{paths.DatabaseFile}.before-{pending[0]}-{DateTime.UtcNow:yyyyMMddHHmmss}";
            File.Copy(paths.DatabaseFile, backup);
            logger.LogInformation("database: copied {Database} to {Backup} before applying {Count} migration(s)", paths.DatabaseFile, backup, pending.Count);
        }

        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("database: applied {Migrations}", string.Join(", ", pending));
        }

        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
