using System.Collections.Concurrent;
using System.Text;
using Vetting.Server.Configuration;

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
                lines.Append(stamp).Append(' ').Append(source).Append(": ").Append(line).Append('\n');
            }
        }

        return lines.Length == 0 ? Task.CompletedTask : WriteAsync(runId, lines.ToString(), cancellationToken);
    }

    /// <summary>The last <paramref name="lines"/> lines (all when null); empty when the run has no log (yet, or pruned).</summary>
    public async Task<string> TailAsync(int runId, int? lines, CancellationToken cancellationToken)
    {
        var path = PathOf(runId);
        if (!File.Exists(path))
        {
            return "";
        }

        var all = await File.ReadAllLinesAsync(path, cancellationToken);
        var take = lines is { } n ? Math.Min(n, all.Length) : all.Length;
        return string.Join('\n', all[^take..]) + (take > 0 ? "\n" : "");
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
