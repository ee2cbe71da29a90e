using Microsoft.EntityFrameworkCore;
using Vetting.Server.Configuration;

namespace Vetting.Server.Data;

public static class DataRegistration
{
    /// <summary>SQLite under <c>paths.data_dir</c> (WAL), with the run stamps and the commit publisher that features observe (<see cref="ICommitObserver"/>).</summary>
    public static IServiceCollection AddVettingData(this IServiceCollection services, PathOptions paths, DatabaseOptions database)
    {
        if (database.Provider != "sqlite")
        {
            throw new InvalidOperationException($"database.provider '{database.Provider}' is not supported by this build; use sqlite");
        }

        Directory.CreateDirectory(paths.DataDir);
        services.AddSingleton<SqlitePragmas>();
        services.AddSingleton<RunStamps>();
        services.AddSingleton<CommitPublisher>();
        services.AddDbContext<VettingDbContext>((sp, options) => options
            .UseSqlite($"Data Source={paths.DatabaseFile};Default Timeout=30")
            .AddInterceptors(sp.GetRequiredService<SqlitePragmas>(), sp.GetRequiredService<RunStamps>(), sp.GetRequiredService<CommitPublisher>()));
        return services;
    }
}
