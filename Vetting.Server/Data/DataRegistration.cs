using Microsoft.EntityFrameworkCore;
using Vetting.Server.Configuration;

namespace Vetting.Server.Data;

public static class DataRegistration
{
    /// <summary>
    /// The database of <c>database.provider</c>: SQLite under <c>paths.data_dir</c> (WAL; the default) or PostgreSQL at
    /// <c>database.connection_string</c>. Either way features see <see cref="VettingDbContext"/>, with the run stamps and
    /// the commit publisher that they observe (<see cref="ICommitObserver"/>).
    /// </summary>
    public static IServiceCollection AddVettingData(this IServiceCollection services, PathOptions paths, DatabaseOptions database)
    {
        services.AddSingleton<RunStamps>();
        services.AddSingleton<CommitPublisher>();
        services.AddSingleton<TransactionCommits>();
        services.AddSingleton<PostgresNulGuard>();
        switch (database.Provider)
        {
            case DatabaseOptions.Sqlite:
                Directory.CreateDirectory(paths.DataDir);
                services.AddSingleton<SqlitePragmas>();
                services.AddSingleton<SqliteWriteGate>();
                services.AddDbContext<VettingDbContext>((sp, options) => options
                    .UseSqlite($"Data Source={paths.DatabaseFile};Default Timeout=30")
                    .AddInterceptors(sp.GetRequiredService<SqlitePragmas>(), sp.GetRequiredService<SqliteWriteGate>(), sp.GetRequiredService<RunStamps>(), sp.GetRequiredService<CommitPublisher>(),
                        sp.GetRequiredService<TransactionCommits>()));
                break;
            case DatabaseOptions.Postgres:
                services.AddDbContext<VettingDbContext, PostgresVettingDbContext>((sp, options) => options
                    .UseNpgsql(database.ConnectionString)
                    .AddInterceptors(sp.GetRequiredService<RunStamps>(), sp.GetRequiredService<CommitPublisher>(), sp.GetRequiredService<TransactionCommits>(),
                        sp.GetRequiredService<PostgresNulGuard>()));
                break;
            default:
                throw new InvalidOperationException($"database.provider '{database.Provider}' is not supported; use {DatabaseOptions.Sqlite} or {DatabaseOptions.Postgres}");
        }

        return services;
    }
}
