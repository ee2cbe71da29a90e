using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Vetting.Server.Data;

/// <summary>What a failed save means, the same on SQLite and PostgreSQL.</summary>
public static class DbErrors
{
    /// <summary>
    /// A unique index refused the row: the loser of two requests that both passed the checks before saving. (SQLite
    /// reports every constraint as code 19; with foreign keys always satisfied by the code paths that ask, that is
    /// the unique index.)
    /// </summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19 } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
