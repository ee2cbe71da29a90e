using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Vetting.Agent.Tools;

/// <summary>Runs tools as child processes with captured output.</summary>
public sealed class ProcessToolRunner : IToolRunner
{
    // Tools such as memtester draw progress with thousands of backspaces; bound what one run can hold in memory.
    private const int MaxCapturedChars = 16 * 1024 * 1024;
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

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

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            // Also waits until both output streams reached EOF.
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            // A daemon the tool started (sshd forks away) may still hold the output pipe: do not wait for EOF forever.
            process.WaitForExit(KillGrace);
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
