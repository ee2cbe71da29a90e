using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vetting.Server.Data;

/// <summary>
/// Per-connection SQLite settings: WAL's usual companion <c>synchronous=NORMAL</c> (durable at checkpoints, no fsync
/// per commit), a busy timeout so concurrent writers wait instead of failing, and foreign keys on.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
