using Npgsql;

namespace Vetting.Server.Data;

/// <summary>A PostgreSQL connection a service keeps to itself for as long as the process runs (a LISTEN, a session lock).</summary>
public static class DedicatedConnection
{
    /// <summary>
    /// <paramref name="connectionString"/> made for such a connection: never pooled, because a pooled connection is reset
    /// when it goes back (its LISTENs and session locks with it) and kept open when closed; named, so it can be told apart
    /// in <c>pg_stat_activity</c>; with a command timeout, so a query on a dead connection fails instead of hanging.
    /// </summary>
    public static string For(string connectionString, string applicationName, int commandTimeoutSeconds) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            Multiplexing = false,
            ApplicationName = applicationName,
            CommandTimeout = commandTimeoutSeconds,
        }.ConnectionString;
}
