using Npgsql;

namespace Vetting.Server.Tests.Support;

/// <summary>
/// Which database the integration suite runs on. By default SQLite. With <c>VETTING_TEST_DATABASE=postgres</c> every
/// <see cref="VettingApp"/> gets a database of its own on the PostgreSQL server at <c>VETTING_TEST_POSTGRES</c> (an
/// Npgsql connection string for a user that may create databases; scripts/test.sh starts a throw-away cluster on
/// loopback and runs the suite a second time so).
/// </summary>
public static class TestDatabase
{
    public const string ServerVariable = "VETTING_TEST_POSTGRES";

    public static string? Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    public static bool IsPostgres { get; } = Environment.GetEnvironmentVariable("VETTING_TEST_DATABASE") switch
    {
        null or "" or "sqlite" => false,
        "postgres" => Server is not null ? true : throw new InvalidOperationException($"VETTING_TEST_DATABASE=postgres needs {ServerVariable} (a connection string)"),
        var other => throw new InvalidOperationException($"VETTING_TEST_DATABASE must be sqlite or postgres, got '{other}'"),
    };

    /// <summary>For a test of the SQLite file itself (its WAL, its backup): skipped in the PostgreSQL pass.</summary>
    public static void RequireSqlite(string what)
    {
        if (IsPostgres)
        {
            Assert.Skip($"{what} is about the SQLite file; this pass runs on PostgreSQL");
        }
    }

    /// <summary>For a test of what only PostgreSQL does (claims shared by two processes): skipped in the SQLite pass.</summary>
    public static void RequirePostgres(string what)
    {
        if (!IsPostgres)
        {
            Assert.Skip($"{what} needs PostgreSQL; this pass runs on SQLite (the PostgreSQL pass runs it)");
        }
    }

    /// <summary>The PostgreSQL server's connection string, or the test is skipped when none is configured.</summary>
    public static string RequireServer() =>
        Server ?? throw Xunit.Sdk.SkipException.ForSkip($"no PostgreSQL server: set {ServerVariable} (scripts/test.sh starts one when postgresql is installed)");

    /// <summary>A new, empty database on the server; its connection string.</summary>
    public static string Create()
    {
        var name = "vt_" + Guid.NewGuid().ToString("N")[..16];
        using (var admin = new NpgsqlConnection(RequireServer()))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(RequireServer()) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="Create"/>, closing what is still connected to it.</summary>
    public static void Drop(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(RequireServer());
        admin.Open();
        using var drop = admin.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        drop.ExecuteNonQuery();
    }
}
