using System.Diagnostics;
using Microsoft.Extensions.Options;
using Vetting.Server.Configuration;
using Vetting.Server.Pxe;

namespace Vetting.Server.Tests.Pxe;

public sealed class DnsmasqSupervisorTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _temp = new();
    private readonly FakeDnsmasq _fake;
    private readonly CapturingLogger<DnsmasqSupervisor> _logger = new();
    private readonly PxeAllowList _allowList;
    private readonly PxeOptions _pxe;
    private readonly DnsmasqPaths _paths;
    private DnsmasqSupervisor? _supervisor;

    public DnsmasqSupervisorTests()
    {
        _fake = new FakeDnsmasq(_temp.Combine("fake"));
        var paths = new PathOptions { DataDir = _temp.Combine("data") };
        _paths = DnsmasqPaths.For(paths);
        _allowList = new PxeAllowList(Options.Create(paths));
        _pxe = new PxeOptions
        {
            Enabled = true,
            Interface = "vt0",
            DhcpRange = "10.77.0.100,10.77.0.200,255.255.255.0",
            DnsmasqPath = _fake.Path,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_supervisor is not null)
        {
            await _supervisor.StopAsync(CancellationToken.None);
            _supervisor.Dispose();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task Starts_dnsmasq_in_the_foreground_on_a_freshly_written_config()
    {
        var supervisor = await StartAsync();

        Assert.True(await Eventually.HoldsAsync(() => supervisor.State.Status == DnsmasqStatus.Running, Patience));
        var pid = Assert.Single(_fake.Pids);
        Assert.Equal(pid, supervisor.State.Pid);
        Assert.Equal(["--keep-in-foreground", $"--conf-file={_paths.ConfigFile}", "--log-facility=-"], _fake.Arguments(pid));
        Assert.Contains("interface=vt0", File.ReadAllLines(_paths.ConfigFile));
        Assert.True(File.Exists(_paths.HostsFile));
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(_paths.PidFile));
        Assert.Contains($"dnsmasq: dnsmasq[{pid}]: started, version fake", _logger.Lines);
    }

    [Fact]
    public async Task Restarts_dnsmasq_after_a_crash_and_reports_why_it_died()
    {
        var supervisor = await StartRunningAsync();
        var first = supervisor.State.Pid;

        _fake.Crash();

        Assert.True(await Eventually.HoldsAsync(() => supervisor.State is { Status: DnsmasqStatus.Running, Restarts: 1 }, Patience),
            $"state: {supervisor.State}");
        Assert.NotEqual(first, supervisor.State.Pid);
        Assert.Equal(2, _fake.Pids.Count);
        Assert.Contains("code 3", supervisor.State.LastError, StringComparison.Ordinal);
        Assert.Contains("crashing as asked", supervisor.State.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_no_restart_can_fix_stops_the_retries_and_fails_the_health_check()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        _fake.LoseInterface();
        var supervisor = await StartAsync(clock);

        // Each failed start waits out its back-off on the fake clock: move it on until the supervisor stops trying. The
        // clock moves once per wait, when the supervisor says it is waiting for the next start (a state it sets after
        // the wait has begun), never twice for one wait.
        var waited = -1;
        for (var i = 0; i < 40 && supervisor.State.Status != DnsmasqStatus.Failed; i++)
        {
            await Eventually.HoldsAsync(() => supervisor.State is var state
                && (state.Status == DnsmasqStatus.Failed || (state.Status == DnsmasqStatus.Restarting && state.Restarts > waited)), Patience);
            if (supervisor.State is { Status: DnsmasqStatus.Restarting } restarting)
            {
                waited = restarting.Restarts;
                clock.Advance(TimeSpan.FromSeconds(10));
            }
        }

        Assert.Equal(DnsmasqStatus.Failed, supervisor.State.Status);
        Assert.Equal(Vetting.Server.Hosting.RestartBackoff.GiveUpAfter, _fake.Pids.Count);
        Assert.Contains("unknown interface vt0", supervisor.State.LastError, StringComparison.Ordinal);
        Assert.Contains("not restarted again", supervisor.State.LastError, StringComparison.Ordinal);
        Assert.False(new DnsmasqHealth(supervisor, _pxe).Check().Healthy);
    }

    [Fact]
    public async Task An_allow_list_change_makes_dnsmasq_reread_its_hosts_file()
    {
        var supervisor = await StartRunningAsync();
        var pid = supervisor.State.Pid!.Value;

        _allowList.Update(["52:54:00:12:34:56"]);

        Assert.True(await Eventually.HoldsAsync(() => _fake.Signals(pid).Contains("HUP"), Patience));
        Assert.Contains("52:54:00:12:34:56", File.ReadAllLines(_paths.HostsFile));
        Assert.True(FakeDnsmasq.IsAlive(pid));
    }

    [Fact]
    public async Task Shutdown_terminates_dnsmasq_and_removes_its_pid_file()
    {
        var supervisor = await StartRunningAsync();
        var pid = supervisor.State.Pid!.Value;

        await supervisor.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(DnsmasqStatus.Stopped, supervisor.State.Status);
        Assert.Equal(["TERM"], _fake.Signals(pid));
        Assert.False(FakeDnsmasq.IsAlive(pid));
        Assert.False(File.Exists(_paths.PidFile));
    }

    [Fact]
    public async Task A_dnsmasq_left_behind_by_a_previous_run_is_stopped_first()
    {
        Directory.CreateDirectory(_paths.Directory);
        using var orphan = Process.Start(_fake.Path, ["--keep-in-foreground", $"--conf-file={_paths.ConfigFile}"]);
        Assert.True(await Eventually.HoldsAsync(() => _fake.Pids.Contains(orphan.Id), Patience));
        await File.WriteAllTextAsync(_paths.PidFile, orphan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);

        var supervisor = await StartRunningAsync();

        Assert.Equal(["TERM"], _fake.Signals(orphan.Id));
        Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.NotEqual(orphan.Id, supervisor.State.Pid);
    }

    [Fact]
    public async Task Does_nothing_when_pxe_is_disabled()
    {
        _pxe.Enabled = false;

        var supervisor = await StartAsync();
        await Task.Delay(200, TestContext.Current.CancellationToken);

        Assert.Equal(new DnsmasqState(DnsmasqStatus.Disabled), supervisor.State);
        Assert.Empty(_fake.Pids);
        Assert.False(Directory.Exists(_paths.Directory));
    }

    [Fact]
    public async Task A_missing_dnsmasq_fails_with_a_hint_instead_of_retrying()
    {
        _pxe.DnsmasqPath = _temp.Combine("no-such-dnsmasq");

        var supervisor = await StartAsync();

        Assert.True(await Eventually.HoldsAsync(() => supervisor.State.Status == DnsmasqStatus.Failed, Patience));
        Assert.Contains("pxe.dnsmasq_path", supervisor.State.LastError, StringComparison.Ordinal);
        Assert.Contains("apt-get install dnsmasq", supervisor.State.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_settings_fail_before_anything_starts()
    {
        _pxe.Interface = null;

        var supervisor = await StartAsync();

        Assert.True(await Eventually.HoldsAsync(() => supervisor.State.Status == DnsmasqStatus.Failed, Patience));
        Assert.Contains("pxe.interface", supervisor.State.LastError, StringComparison.Ordinal);
        Assert.Empty(_fake.Pids);
    }

    private async Task<DnsmasqSupervisor> StartRunningAsync()
    {
        var supervisor = await StartAsync();
        Assert.True(await Eventually.HoldsAsync(() => supervisor.State.Status == DnsmasqStatus.Running, Patience),
            $"state: {supervisor.State}");
        return supervisor;
    }

    private async Task<DnsmasqSupervisor> StartAsync(TimeProvider? clock = null)
    {
        _supervisor = new DnsmasqSupervisor(
            Options.Create(_pxe),
            Options.Create(new ServerOptions { PublicUrl = "http://10.77.0.1:8080" }),
            Options.Create(new PathOptions { DataDir = _temp.Combine("data") }),
            _allowList,
            _logger,
            clock ?? TimeProvider.System);
        await _supervisor.StartAsync(TestContext.Current.CancellationToken);
        return _supervisor;
    }
}
