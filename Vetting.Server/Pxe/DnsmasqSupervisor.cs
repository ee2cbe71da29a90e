using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vetting.Server.Configuration;
using Vetting.Server.Hosting;

namespace Vetting.Server.Pxe;

/// <summary>
/// Runs dnsmasq while Vetting runs (when <c>pxe.enabled</c>): writes its config, restarts it with backoff
/// when it dies, makes it re-read the allow-list on every change and stops it on shutdown.
/// </summary>
public sealed class DnsmasqSupervisor : BackgroundService
{
    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    // A run this long counts as healthy: the next crash starts the backoff from the beginning again.
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    // Older or patched dnsmasq builds might not log the start-up line we wait for.
    private static readonly TimeSpan AssumeStartedAfter = TimeSpan.FromSeconds(5);

    private readonly PxeOptions _pxe;
    private readonly string _publicUrl;
    private readonly DnsmasqPaths _paths;
    private readonly PxeAllowList _allowList;
    private readonly ILogger<DnsmasqSupervisor> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private DnsmasqProcess? _running;
    private bool _reloadPending;
    private volatile DnsmasqState _state;

    public DnsmasqSupervisor(
        IOptions<PxeOptions> pxe,
        IOptions<ServerOptions> server,
        IOptions<PathOptions> paths,
        PxeAllowList allowList,
        ILogger<DnsmasqSupervisor> logger,
        TimeProvider time)
    {
        _pxe = pxe.Value;
        _publicUrl = server.Value.EffectivePublicUrl;
        _paths = DnsmasqPaths.For(paths.Value);
        _allowList = allowList;
        _logger = logger;
        _time = time;
        _state = new DnsmasqState(_pxe.Enabled ? DnsmasqStatus.Starting : DnsmasqStatus.Disabled);
    }

    public DnsmasqState State => _state;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_pxe.Enabled)
        {
            return;
        }

        try
        {
            await PrepareAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Fail(e.Message);
            return;
        }

        _allowList.Changed += OnAllowListChanged;
        try
        {
            await SuperviseAsync(stoppingToken);
        }
        finally
        {
            _allowList.Changed -= OnAllowListChanged;
        }
    }

    private async Task PrepareAsync()
    {
        var config = DnsmasqConfig.Render(_pxe, _publicUrl, _paths);
        Directory.CreateDirectory(_paths.Directory);
        if (!OperatingSystem.IsWindows())
        {
            // dnsmasq started as root drops to an unprivileged user before it re-reads the hosts file.
            File.SetUnixFileMode(_paths.Directory, ReadableByAll);
        }

        await File.WriteAllTextAsync(_paths.ConfigFile, config);
        _allowList.WriteFile();
        foreach (var loader in new[] { "undionly.kpxe", _pxe.UefiLoader }.Where(name => !File.Exists(Path.Combine(_pxe.TftpDir, name))))
        {
            _logger.LogWarning("pxe.tftp_dir {TftpDir} has no {Loader}: those clients cannot boot (Debian package: ipxe)", _pxe.TftpDir, loader);
        }

        await DnsmasqProcess.StopOrphanAsync(_paths, _logger, _time);
    }

    private async Task SuperviseAsync(CancellationToken stoppingToken)
    {
        var backoff = new RestartBackoff(_time, StableAfter);
        for (var restarts = 0; ; restarts++)
        {
            SetState(DnsmasqStatus.Starting, restarts: restarts);
            TimeSpan? delay;
            Task wait;
            DnsmasqProcess process;
            try
            {
                process = StartProcess();
            }
            catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
            {
                Fail($"Cannot run pxe.dnsmasq_path '{_pxe.DnsmasqPath}' ({e.Message}). Install dnsmasq (apt-get install dnsmasq-base).");
                return;
            }

            using (process)
            {
                backoff.Started();
                try
                {
                    await RunUntilExitAsync(process, restarts, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    await StopProcessAsync(process);
                    return;
                }

                ForgetProcess();
                var error = string.Create(CultureInfo.InvariantCulture, $"dnsmasq exited with code {process.ExitCode}: {process.LastLine ?? "no output"}");
                if ((delay = backoff.Exited()) is null)
                {
                    Fail($"{error}; it failed {backoff.QuickFailures} times in a row within a minute of starting, so it is not restarted again: "
                         + "fix the cause (pxe.interface, pxe.dhcp_range, another DHCP server on port 67) and restart vetting");
                    return;
                }
                _logger.LogWarning("{Error}; restarting in {Backoff}", error, delay);
                // The wait starts before the state says Restarting: whoever sees that state and moves the clock on (a
                // test's fake clock) then moves this wait too.
                wait = Task.Delay(delay.Value, _time, stoppingToken);
                SetState(DnsmasqStatus.Restarting, lastError: error, restarts: restarts);
            }

            try
            {
                await wait;
            }
            catch (OperationCanceledException)
            {
                SetState(DnsmasqStatus.Stopped, restarts: restarts);
                return;
            }
        }
    }

    private DnsmasqProcess StartProcess()
    {
        DnsmasqProcess process;
        lock (_gate)
        {
            process = _running = DnsmasqProcess.Start(_pxe.DnsmasqPath, _paths, _logger);
        }

        try
        {
            File.WriteAllText(_paths.PidFile, process.Pid.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only needed to clean up after a crash of Vetting itself; not worth stopping PXE for.
            _logger.LogWarning("Cannot record dnsmasq's PID in {PidFile}: {Error}", _paths.PidFile, e.Message);
        }

        return process;
    }

    private async Task RunUntilExitAsync(DnsmasqProcess process, int restarts, CancellationToken stoppingToken)
    {
        var exited = process.WaitForExitAsync(stoppingToken);
        await Task.WhenAny(process.Ready, exited, Task.Delay(AssumeStartedAfter, _time, stoppingToken));
        stoppingToken.ThrowIfCancellationRequested();
        if (!process.HasExited)
        {
            // Under the lock, so an allow-list change either sees Running and signals, or leaves it pending here.
            lock (_gate)
            {
                if (_reloadPending)
                {
                    // The allow-list changed while dnsmasq was starting: it may have read the old file.
                    _reloadPending = false;
                    process.Signal(PosixSignal.Hangup);
                }

                SetState(DnsmasqStatus.Running, process.Pid, restarts: restarts);
            }
        }

        await exited;
    }

    private async Task StopProcessAsync(DnsmasqProcess process)
    {
        ForgetProcess();
        await process.StopAsync(StopGrace, _time);
        File.Delete(_paths.PidFile);
        SetState(DnsmasqStatus.Stopped);
        _logger.LogInformation("dnsmasq stopped");
    }

    private void ForgetProcess()
    {
        lock (_gate)
        {
            _running = null;
        }
    }

    private void OnAllowListChanged(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            if (_running is { } process && _state.Status == DnsmasqStatus.Running && process.Signal(PosixSignal.Hangup))
            {
                _logger.LogInformation("PXE allow-list changed: dnsmasq {Pid} told to re-read it", process.Pid);
                return;
            }

            _reloadPending = true;
        }
    }

    private void Fail(string error)
    {
        _logger.LogError("dnsmasq supervision failed: {Error}", error);
        SetState(DnsmasqStatus.Failed, lastError: error);
        SystemdStatus.Report($"PXE is down: dnsmasq failed: {error}");
    }

    // Keeps the last error across state changes so a crash loop stays visible on /healthz.
    private void SetState(DnsmasqStatus status, int? pid = null, string? lastError = null, int? restarts = null)
    {
        var previous = _state;
        _state = new DnsmasqState(status, pid, lastError ?? previous.LastError, restarts ?? previous.Restarts);
    }
}
