using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Vetting.Server.Pxe;

/// <summary>One run of dnsmasq in the foreground, its output piped to the log.</summary>
internal sealed class DnsmasqProcess : IDisposable
{
    // dnsmasq logs this once its sockets are open and its signal handlers installed.
    private const string StartedMarker = "started, version";
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _lastLine;

    private DnsmasqProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Completes when dnsmasq reports it has started.</summary>
    public Task Ready => _ready.Task;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last line dnsmasq wrote: after a crash, usually the reason.</summary>
    public string? LastLine => _lastLine;

    /// <exception cref="System.ComponentModel.Win32Exception">The executable cannot be run.</exception>
    public static DnsmasqProcess Start(string executable, DnsmasqPaths paths, ILogger logger)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A full config file of ours only: --conf-file also stops dnsmasq reading the distro's /etc/dnsmasq.conf.
        info.ArgumentList.Add("--keep-in-foreground");
        info.ArgumentList.Add($"--conf-file={paths.ConfigFile}");
        info.ArgumentList.Add("--log-facility=-");

        var process = new Process { StartInfo = info };
        var dnsmasq = new DnsmasqProcess(process);
        process.OutputDataReceived += (_, e) => dnsmasq.OnLine(e.Data, logger);
        process.ErrorDataReceived += (_, e) => dnsmasq.OnLine(e.Data, logger);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return dnsmasq;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public bool Signal(int signal) => !_process.HasExited && PosixSignal.Send(_process.Id, signal);

    /// <summary>SIGTERM, then SIGKILL if dnsmasq has not gone within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider time)
    {
        if (_process.HasExited)
        {
            return;
        }

        Signal(PosixSignal.Terminate);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(grace, time);
        }
        catch (TimeoutException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Stops a dnsmasq left running by an orchestrator that died without cleaning up: it would hold the
    /// DHCP port and serve a stale allow-list. Only a process whose command line names our config file is
    /// touched, so a recycled PID is left alone.
    /// </summary>
    public static async Task StopOrphanAsync(DnsmasqPaths paths, ILogger logger, TimeProvider time)
    {
        if (!File.Exists(paths.PidFile))
        {
            return;
        }

        if (int.TryParse(File.ReadAllText(paths.PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && IsOurs(pid, paths))
        {
            logger.LogWarning("Stopping dnsmasq {Pid} left running by a previous Vetting process", pid);
            PosixSignal.Send(pid, PosixSignal.Terminate);
            var deadline = time.GetTimestamp();
            while (IsOurs(pid, paths) && time.GetElapsedTime(deadline) < OrphanGrace)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time);
            }

            if (IsOurs(pid, paths))
            {
                PosixSignal.Send(pid, PosixSignal.Kill);
            }
        }

        File.Delete(paths.PidFile);
    }

    public void Dispose() => _process.Dispose();

    // A zombie's cmdline is empty, so an exited orphan no longer counts as ours.
    private static bool IsOurs(int pid, DnsmasqPaths paths)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return arguments.Contains($"--conf-file={paths.ConfigFile}", StringComparer.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void OnLine(string? line, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        _lastLine = line;
        logger.LogInformation("dnsmasq: {Line}", line);
        if (line.Contains(StartedMarker, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
