using System.Collections.Concurrent;
using System.Text;
using Vetting.Server.Configuration;
using Vetting.Server.Http;

namespace Vetting.Server.Runs;

/// <summary>
/// Append-only per-run log (<c>&lt;log_dir&gt;/run-N.log</c>): the orchestrator's own lines and the agent's. Writes
/// to one file are serialised; lines are flushed as they come so <c>tail -f</c> and the UI see them at once.
/// </summary>
public sealed class RunLog(PathOptions paths, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new();

    public string PathOf(int runId) => paths.RunLogFile(runId);

    public Task AppendAsync(int runId, string source, string text, CancellationToken cancellationToken = default)
    {
        var stamp = clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var lines = new StringBuilder();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length > 0)
            {
                // Agent text is untrusted: a CR or an escape sequence must not forge a line or drive the reader's terminal.
                lines.Append(stamp).Append(' ').Append(source).Append(": ").Append(SafeText.Clean(line)).Append('\n');
            }
        }

        return lines.Length == 0 ? Task.CompletedTask : WriteAsync(runId, lines.ToString(), cancellationToken);
    }

    /// <summary>
    /// The last <paramref name="lines"/> lines (all when null); empty when the run has no log (yet, or pruned). Only
    /// the file's last 8 MB are read, so a live tail of a days-long burn-in log stays cheap.
    /// </summary>
    public async Task<string> TailAsync(int runId, int? lines, CancellationToken cancellationToken)
    {
        const long window = 8 * 1024 * 1024;
        var path = PathOf(runId);
        if (!File.Exists(path))
        {
            return "";
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var partial = file.Length > window;
        file.Seek(partial ? file.Length - window : 0, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var all = (await reader.ReadToEndAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A window that starts mid-line would show half a line first: drop it.
        var whole = partial && all.Length > 0 ? all[1..] : all;
        var take = lines is { } n ? Math.Min(n, whole.Length) : whole.Length;
        return take == 0 ? "" : string.Join('\n', whole[^take..]) + "\n";
    }

    private async Task WriteAsync(int runId, string text, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(runId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PathOf(runId))!);
            await File.AppendAllTextAsync(PathOf(runId), text, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }
}
