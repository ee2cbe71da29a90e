using System.Text;

namespace Vetting.Server.Reports;

/// <summary>
/// Replaces a file so that readers (the report endpoint, a browser refresh, retention) see either the
/// old content or the new, never a half-written file.
/// </summary>
internal static class AtomicFile
{
    public static async Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // Same directory, so the rename never crosses file systems and stays atomic. The leading dot
        // keeps the temp file out of artifact listings, whose names may not start with one.
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(new UTF8Encoding(false).GetBytes(contents), cancellationToken);
                // The orchestrator's LXC may lose power; without this the rename can reach the disk
                // before the data and leave an empty report behind.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
