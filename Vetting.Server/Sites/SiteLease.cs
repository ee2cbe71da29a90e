using Npgsql;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Hosting;

namespace Vetting.Server.Sites;

/// <summary>
/// On PostgreSQL, one process at a time does a site's work: the one holding the site's session advisory lock. A second
/// process started with the same <c>site.name</c> is a standby: its start waits here, before any other background
/// service and before it listens, until the lock is free (the first process stopped, or died, or its machine went
/// away and PostgreSQL ended its session), and then it carries on as the site's orchestrator. Open runs go on from
/// the database: their workflows' timers, the lost-agent check and the scheduler are this process's from then on.
/// </summary>
/// <remarks>
/// The lock lives on a connection of its own, outside the pool, whose session the server ends when the client goes
/// silent (<see cref="SessionLimits"/>), so a holder whose machine died or was cut off frees the site within about
/// 15 s rather than when TCP gives up hours later. When the holder's connection breaks it takes the lock again on a new
/// one; if another process got it first, it stops (exit code <see cref="LostExitCode"/>; the unit restarts it, and it
/// comes back as the standby). Until it has stopped both may look for work; a workflow step is still executed once,
/// because each step also takes its instance's transaction lock. With SQLite there is one process per database file
/// and nothing to hold.
/// </remarks>
public sealed class SiteLease : IHostedService, IAsyncDisposable, IDisposable
{
    /// <summary>The exit code of <c>vetting serve</c> after another process took the site (EX_TEMPFAIL: start it again).</summary>
    public const int LostExitCode = 75;

    // The namespace of the sites' advisory locks (the first of PostgreSQL's two int keys); the second is the name's hash.
    // The workflow store's step claims use 0x7645.
    internal const int LockSpace = 0x7653;

    // How often a standby asks for the site, and how often the holder checks that its connection is still there.
    internal static readonly TimeSpan StandbyPoll = TimeSpan.FromSeconds(2);
    internal static readonly TimeSpan HolderCheck = TimeSpan.FromSeconds(5);

    // Set on the lease's session: the server ends it after 15 s without a query (the holder asks every 5 s, a standby
    // every 2 s), or when the peer stopped answering TCP for about 10 s, so a dead or cut-off holder frees the site.
    // (idle_session_timeout is PostgreSQL 14's; an older server keeps the TCP limits only, and says so in the log.)
    private static readonly (string Name, string Value)[] SessionLimits =
    [
        ("idle_session_timeout", "15s"), ("tcp_keepalives_idle", "5"), ("tcp_keepalives_interval", "2"), ("tcp_keepalives_count", "3"),
        ("tcp_user_timeout", "10000"),
    ];

    private readonly string _connectionString;
    private readonly string _site;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _clock;
    private readonly ILogger<SiteLease> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _tasks = new();
    private NpgsqlConnection? _connection;
    private Task _acquire = Task.CompletedTask;
    private Task _watch = Task.CompletedTask;
    private bool _unknownSettingLogged;

    public SiteLease(string connectionString, SiteOptions site, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<SiteLease> logger)
    {
        (_site, _lifetime, _clock, _logger) = (site.Name, lifetime, clock, logger);
        // The lock is the session's: closing the connection must end the session, which a pooled one would not.
        _connectionString = DedicatedConnection.For(connectionString, "vetting site lease", commandTimeoutSeconds: 10);
    }

    /// <summary>True once another process took the site from this one: <c>vetting serve</c> exits with <see cref="LostExitCode"/>.</summary>
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
        lock (_tasks)
        {
            if (_watch.IsCompleted && !_stopping.IsCancellationRequested)
            {
                _watch = WatchAsync(_stopping.Token);
            }
        }
    }

    /// <summary>Waits until this process holds the site (a standby waits for as long as another process holds it).</summary>
    public Task AcquireAsync(CancellationToken cancellationToken)
    {
        if (Held)
        {
            return Task.CompletedTask;
        }

        Task acquire;
        lock (_tasks)
        {
            acquire = _acquire = WaitForSiteAsync(cancellationToken);
        }

        return acquire;
    }

    private async Task WaitForSiteAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var token = linked.Token;
        var standby = false;
        var failures = 0;
        while (true)
        {
            token.ThrowIfCancellationRequested();
            switch (await TryTakeAsync(token))
            {
                case true:
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
                    return;
                case false:
                    failures = 0;
                    if (!standby)
                    {
                        standby = true;
                        _logger.LogWarning("site '{Site}': another orchestrator process holds this site; this one is its standby and takes over when that one stops", _site);
                        SystemdStatus.Report($"standby for site '{_site}': another process holds it");
                    }

                    break;
                case null:
                    if (++failures == 1)
                    {
                        _logger.LogWarning("site '{Site}': could not ask the database for the site; retrying", _site);
                    }

                    break;
            }

            await Task.Delay(StandbyPoll, _clock, token);
        }
    }

    // Asks for the lock, on the connection there is or a new one: true when this process holds it, false when another
    // does, null when the database could not be asked (the connection is closed then, to be opened anew).
    private async Task<bool?> TryTakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            _connection ??= await OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, hashtext($2))", _connection)
            {
                Parameters = { new NpgsqlParameter { Value = LockSpace }, new NpgsqlParameter { Value = _site } },
            };
            return await command.ExecuteScalarAsync(cancellationToken) is true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(e, "site '{Site}': asking the database for the site failed", _site);
            await CloseAsync();
            return null;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await EndAsync();
        Held = false;
    }

    // The one instance is both a service and a hosted service, so it may be disposed twice.
    public async ValueTask DisposeAsync() => await EndAsync();

    public void Dispose() => EndAsync().GetAwaiter().GetResult();

    // Stops asking and watching, waits for both, then closes the connection: that frees the lock at once, and a
    // standby takes over within its poll.
    private async Task EndAsync()
    {
        Task acquire, watch;
        lock (_tasks)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }

            (acquire, watch) = (_acquire, _watch);
        }

        try
        {
            await Task.WhenAll(acquire, watch);
        }
        catch (OperationCanceledException)
        {
        }

        await CloseAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            foreach (var (name, value) in SessionLimits)
            {
                try
                {
                    await using var set = new NpgsqlCommand("SELECT set_config($1, $2, false)", connection)
                    {
                        Parameters = { new NpgsqlParameter { Value = name }, new NpgsqlParameter { Value = value } },
                    };
                    await set.ExecuteScalarAsync(cancellationToken);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedObject)
                {
                    if (!_unknownSettingLogged)
                    {
                        _unknownSettingLogged = true;
                        _logger.LogWarning("site '{Site}': this PostgreSQL server does not know {Setting}; a holder that vanishes frees the site only when TCP gives up on it",
                            _site, name);
                    }
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // While the site is held: checks the connection. A slow answer is not a loss; a broken connection is, and then the
    // lock is asked for again on a new one: held again, this process goes on; held by another, it stops.
    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(HolderCheck, _clock, stoppingToken);
                if (_connection is { } connection && await PingAsync(connection, stoppingToken))
                {
                    continue;
                }

                _logger.LogWarning("site '{Site}': the database connection that holds this site broke; asking for the site again", _site);
                Held = false;
                await CloseAsync();
                bool? taken;
                while ((taken = await TryTakeAsync(stoppingToken)) is null)
                {
                    await Task.Delay(StandbyPoll, _clock, stoppingToken);
                }

                if (taken == true)
                {
                    Held = true;
                    _logger.LogWarning("site '{Site}': this process holds the site again", _site);
                    continue;
                }

                Lost = true;
                _logger.LogCritical("site '{Site}': another process took this site while this one's connection was down; stopping (exit code {Code})", _site, LostExitCode);
                SystemdStatus.Report($"lost site '{_site}': stopping");
                _lifetime.StopApplication();
                return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // True when the connection answered, or is still open after a slow answer (the query was cancelled, the session
    // and its lock are still there); false when it broke.
    private async Task<bool> PingAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        try
        {
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(stoppingToken);
            return true;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            var open = connection.FullState == System.Data.ConnectionState.Open;
            _logger.LogDebug(e, "site '{Site}': the lease connection did not answer (still open: {Open})", _site, open);
            return open;
        }
    }

    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
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
