using System.Diagnostics;
using Vetting.Server.Configuration;
using Vetting.Server.Health;
using Vetting.Server.Hosting;

namespace Vetting.Server.NetworkTest;

/// <summary>
/// Keeps an <c>iperf3 -s</c> running on <c>network_test.iperf3_port</c> for the agents' network stage, restarting
/// it with backoff if it exits. iperf3 serves one client at a time, which is why the agent API hands out
/// network stages one at a time. Without iperf3 installed the orchestrator still runs; /healthz says so.
/// </summary>
public sealed class Iperf3Server(NetworkTestOptions options, ServerOptions server, TimeProvider clock, ILogger<Iperf3Server> logger) : BackgroundService, IHealthContributor
{
    private volatile string _state = "starting";
    private volatile string? _error;

    public string Name => "iperf3";

    public (bool Healthy, object Detail) Check() =>
        // A missing iperf3 only breaks network stages, not the orchestrator: report it without failing /healthz.
        (true, new { status = _state, port = options.Iperf3Port, error = _error });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new RestartBackoff(clock, stableAfter: TimeSpan.FromMinutes(1));
        while (!stoppingToken.IsCancellationRequested)
        {
            var path = FindIperf3();
            if (path is null)
            {
                (_state, _error) = ("missing", "iperf3 is not installed (apt-get install iperf3): network stages will fail");
                logger.LogWarning("iperf3: not installed; network stages cannot measure throughput");
                return;
            }

            backoff.Started();
            try
            {
                await RunAsync(path, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                _error = e.Message;
                logger.LogWarning(e, "iperf3: server failed");
            }

            _state = "restarting";
            if (backoff.Exited() is not { } delay)
            {
                _state = "failed";
                logger.LogError("iperf3: failed {Count} times in a row within a minute of starting ({Error}); not restarted again, network stages will fail until vetting restarts",
                    backoff.QuickFailures, _error);
                return;
            }

            try
            {
                await Task.Delay(delay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(string path, CancellationToken stoppingToken)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-s", "-p", options.Iperf3Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        // Where the API listens, iperf3 listens too: a server bound to one address does not open a port on the others.
        if (Startup.StartupChecks.SpecificBindAddress(server) is { } address)
        {
            start.ArgumentList.Add("-B");
            start.ArgumentList.Add(address);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("iperf3 did not start");
        (_state, _error) = ("running", null);
        logger.LogInformation("iperf3: server listening on port {Port} (pid {Pid})", options.Iperf3Port, process.Id);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(stoppingToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        _error = $"iperf3 exited with code {process.ExitCode}: {(await stderr).Trim()}";
        logger.LogWarning("iperf3: {Error}", _error);
    }

    private static string? FindIperf3() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "iperf3"))
        .FirstOrDefault(File.Exists);
}
