using Npgsql;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Hosting;

namespace Vetting.Server.Sites;

/// <summary>
/// On PostgreSQL, one process at a time does a site's work: the one holding the site's session advisory lock. A second
/// process started with the same <c>site.name</c> is a standby: its start waits here, before any other background
/// service and before it listens, until the lock is free (the first process stopped, or died and PostgreSQL ended its
/// session), and then it carries on as the site's orchestrator. Open runs go on from the database: their workflows'
/// timers, the lost-agent check and the scheduler are this process's from then on.
/// </summary>
/// <remarks>
/// The lock lives on a connection of its own, outside the pool. When that connection is lost the process cannot know
/// whether it still holds the site, so it stops (exit code <see cref="LostExitCode"/>; the unit restarts it, and it
/// comes back as the standby or takes the site again). Between the loss and the stop a standby may already have taken
/// over; a workflow step is still executed once, because each step also takes its instance's transaction lock.
/// With SQLite there is one process per database file and nothing to hold.
/// </remarks>
public sealed class SiteLease : IHostedService, IAsyncDisposable, IDisposable
{
    /// <summary>The exit code of <c>vetting serve</c> after the process lost the site (EX_TEMPFAIL: start it again).</summary>
    public const int LostExitCode = 75;

    // The namespace of the sites' advisory locks (the first of PostgreSQL's two int keys); the second is the name's hash.
    // The workflow store's step claims use 0x7645.
    internal const int LockSpace = 0x7653;

    // How often a standby asks for the site, and how often the holder checks that its connection is still there.
    internal static readonly TimeSpan StandbyPoll = TimeSpan.FromSeconds(2);
    internal static readonly TimeSpan HolderCheck = TimeSpan.FromSeconds(5);

    private readonly string _connectionString;
    private readonly string _site;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _clock;
    private readonly ILogger<SiteLease> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private Task _watch = Task.CompletedTask;

    public SiteLease(string connectionString, SiteOptions site, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<SiteLease> logger)
    {
        (_site, _lifetime, _clock, _logger) = (site.Name, lifetime, clock, logger);
        // The lock is the session's: closing the connection must end the session, which a pooled one would not.
        _connectionString = DedicatedConnection.For(connectionString, "vetting site lease", commandTimeoutSeconds: 10);
    }

    /// <summary>True once this process held the site and lost its connection: <c>vetting serve</c> exits with <see cref="LostExitCode"/>.</summary>
    public bool Lost { get; private set; }

    /// <summary>True while this process holds the site.</summary>
    public bool Held { get; private set; }

    /// <summary>
    /// Holds the site, then watches the connection that holds it. <c>vetting serve</c> has usually waited for the site
    /// already (<see cref="AcquireAsync"/>); a host started otherwise (the tests') waits here.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await AcquireAsync(cancellationToken);
        if (_watch.IsCompleted && _connection is { } connection)
        {
            _watch = WatchAsync(connection, _stopping.Token);
        }
    }

    /// <summary>Waits until this process holds the site (a standby waits for as long as another process holds it).</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        if (Held)
        {
            return;
        }

        var standby = false;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                _connection ??= await OpenAsync(cancellationToken);
                if (await TryLockAsync(_connection, cancellationToken))
                {
                    break;
                }

                failures = 0;
                if (!standby)
                {
                    standby = true;
                    _logger.LogWarning("site '{Site}': another orchestrator process holds this site; this one is its standby and takes over when that one stops", _site);
                    SystemdStatus.Report($"standby for site '{_site}': another process holds it");
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                failures++;
                if (failures == 1)
                {
                    _logger.LogWarning(e, "site '{Site}': could not ask the database for the site; retrying", _site);
                }

                await CloseAsync();
            }

            await Task.Delay(StandbyPoll, _clock, cancellationToken);
        }

        Held = true;
        if (standby)
        {
            _logger.LogWarning("site '{Site}': the process that held this site is gone; this one takes over", _site);
        }
        else
        {
            _logger.LogInformation("site '{Site}': this process holds the site", _site);
        }

        SystemdStatus.Report($"serving site '{_site}'");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _watch;
        // Closing the session frees the lock at once: a standby takes over within its poll.
        await CloseAsync();
        Held = false;
    }

    // The one instance is both a service and a hosted service, so it may be disposed twice.
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await CloseAsync();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _connection?.Dispose();
        _connection = null;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, hashtext($2))", connection)
        {
            Parameters = { new NpgsqlParameter { Value = LockSpace }, new NpgsqlParameter { Value = _site } },
        };
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    // While the site is held: checks the connection; on its loss, stops the process.
    private async Task WatchAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(HolderCheck, _clock, stoppingToken);
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Lost = true;
            Held = false;
            _logger.LogCritical(e, "site '{Site}': lost the database connection that holds this site; stopping, so that a standby can take over (exit code {Code})",
                _site, LostExitCode);
            SystemdStatus.Report($"lost site '{_site}': stopping");
            _lifetime.StopApplication();
        }
    }

    private async Task CloseAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}

public static class SiteLeaseRegistration
{
    /// <summary>
    /// On PostgreSQL, the <see cref="SiteLease"/>. Registered before every other background service: hosted services
    /// start in order, and the web server after them all, so a standby starts nothing and listens on nothing.
    /// </summary>
    public static IServiceCollection AddSiteLease(this IServiceCollection services, DatabaseOptions database)
    {
        if (database.Provider == DatabaseOptions.Postgres && database.ConnectionString is { } connectionString)
        {
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SiteLease>(sp, connectionString));
            services.AddHostedService(sp => sp.GetRequiredService<SiteLease>());
        }

        return services;
    }
}
