using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Vetting.Agent.Tools;

/// <summary>Runs tools as child processes with captured output; a tool's timeout runs on <paramref name="clock"/>.</summary>
public sealed class ProcessToolRunner(TimeProvider clock) : IToolRunner
{
    // Tools such as memtester draw progress with thousands of backspaces; bound what one run can hold in memory.
    private const int MaxCapturedChars = 16 * 1024 * 1024;
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    // After a kill, how long the output a tool printed before it may take to come through the pipes.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    public ProcessToolRunner() : this(TimeProvider.System)
    {
    }

    public async Task<ToolResult> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Tools print numbers with the C locale's decimal point only when the locale says so.
        start.Environment["LC_ALL"] = "C";

        using var process = new Process { StartInfo = start };
        var stdout = new BoundedText(MaxCapturedChars);
        var stderr = new BoundedText(MaxCapturedChars);
        process.OutputDataReceived += (_, e) => stdout.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return ToolResult.NotFound(file);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timer = new CancellationTokenSource(timeout, clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var timedOut = false;
        try
        {
            // Also waits until both output streams reached EOF.
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (AggregateException)
            {
                // A descendant it may not signal (a setuid helper, or one that exited meanwhile): what could be
                // killed was; the waits below are bounded either way.
            }

            if (process.WaitForExit(KillGrace))
            {
                // What the tool printed before the kill may still be on its way through the pipes (the timed-out
                // overload above does not wait for it): wait for both readers to reach EOF, within a grace, because
                // a daemon the tool started (sshd forks away) may hold the output pipe open for good.
                using var grace = new CancellationTokenSource(OutputGrace, clock);
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        return new ToolResult(process.HasExited ? process.ExitCode : -1, stdout.ToString(), stderr.ToString()) { TimedOut = timedOut };
    }

    private sealed class BoundedText(int limit)
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();

        public void AppendLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                if (_text.Length + line.Length < limit)
                {
                    _text.Append(line).Append('\n');
                }
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }
}
