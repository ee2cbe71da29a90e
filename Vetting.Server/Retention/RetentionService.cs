using Vetting.Server.Configuration;
using Vetting.Server.Hosting;

namespace Vetting.Server.Retention;

public sealed record PruneResult(int ArtifactFiles, int LogFiles, int HoldKeys);

/// <summary>
/// Deletes artifact files older than <c>artifacts.retention_days</c> and run logs older than
/// <c>logs.retention_days</c> (by modification time), at start-up and then daily. Database rows — the run
/// history — are never touched; a pruned artifact simply answers 404.
/// </summary>
public sealed class RetentionService(PathOptions paths, ArtifactOptions artifacts, LogOptions logs, TimeProvider clock, ILogger<RetentionService> logger)
    : PollingService(new PollingSchedule(TimeSpan.FromDays(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)), clock, logger)
{
    protected override Task PollAsync(CancellationToken cancellationToken)
    {
        var result = Prune();
        if (result.ArtifactFiles + result.LogFiles + result.HoldKeys > 0)
        {
            Logger.LogInformation("retention: pruned {Artifacts} artifact file(s), {Logs} log file(s), {Keys} hold key(s)",
                result.ArtifactFiles, result.LogFiles, result.HoldKeys);
        }

        return Task.CompletedTask;
    }

    /// <summary>The reports are the run's summary and small: they stay with the history, like the DB rows.</summary>
    private static readonly HashSet<string> KeptForever = ["report.json", "report.html"];

    public PruneResult Prune()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var artifactCutoff = now.AddDays(-artifacts.RetentionDays);
        var artifactFiles = PruneTree(paths.ArtifactsDir, "run-*", artifactCutoff);
        var holdKeys = PruneTree(paths.HoldKeysDir, "run-*", artifactCutoff);
        var logFiles = 0;
        if (Directory.Exists(paths.EffectiveLogDir))
        {
            foreach (var file in Directory.EnumerateFiles(paths.EffectiveLogDir, "run-*.log"))
            {
                logFiles += DeleteIfOlder(file, now.AddDays(-logs.RetentionDays)) ? 1 : 0;
            }
        }

        return new PruneResult(artifactFiles, logFiles, holdKeys);
    }

    private static int PruneTree(string root, string pattern, DateTime cutoff)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var dir in Directory.EnumerateDirectories(root, pattern))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => !KeptForever.Contains(Path.GetFileName(f))))
            {
                deleted += DeleteIfOlder(file, cutoff) ? 1 : 0;
            }

            if (!Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }

        return deleted;
    }

    private static bool DeleteIfOlder(string file, DateTime cutoff)
    {
        if (File.GetLastWriteTimeUtc(file) >= cutoff)
        {
            return false;
        }

        File.Delete(file);
        return true;
    }
}
