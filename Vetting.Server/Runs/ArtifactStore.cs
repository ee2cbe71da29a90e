using System.Security.Cryptography;
using Vetting.Protocol;
using Vetting.Server.Configuration;

namespace Vetting.Server.Runs;

public sealed class ArtifactTooLargeException(string message) : Exception(message)
{
    public ArtifactTooLargeException(long limit)
        : this($"the artifact is larger than the {limit / (1024 * 1024)} MB limit (artifacts.max_upload_mb)")
    {
    }
}

/// <summary>Files under <c>artifacts/run-N/</c>: uploads are streamed to a temp file, size-limited and hashed, then renamed into place.</summary>
public sealed class ArtifactStore(PathOptions paths, ArtifactOptions options, TimeProvider clock)
{
    /// <summary>Names the orchestrator writes itself; an agent may not upload over them.</summary>
    public static bool IsReserved(string name) =>
        name is "report.json" or "report.html" || name.StartsWith("hold-", StringComparison.OrdinalIgnoreCase);

    public long MaxBytes => (long)options.MaxUploadMb * 1024 * 1024;

    /// <summary>All of one run's uploads together (<c>artifacts.max_run_mb</c>).</summary>
    public long MaxRunBytes => (long)options.MaxRunMb * 1024 * 1024;

    /// <summary>Full path of a run's artifact, or null when the name is not a valid artifact name (no traversal possible).</summary>
    public string? PathOf(int runId, string name) =>
        ArtifactName.IsValid(name) ? Path.Combine(paths.RunArtifactsDir(runId), name) : null;

    /// <param name="usedBytes">What the run's other artifacts already take: the upload may use what is left of <see cref="MaxRunBytes"/>.</param>
    public async Task<RunArtifact> SaveAsync(int runId, string name, Stream content, CancellationToken cancellationToken, long usedBytes = 0)
    {
        var left = MaxRunBytes - usedBytes;
        var target = PathOf(runId, name) ?? throw new ArgumentException($"'{name}' is not a valid artifact name", nameof(name));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + $".upload-{Guid.NewGuid():N}";
        try
        {
            long size = 0;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        throw new ArtifactTooLargeException(MaxBytes);
                    }

                    if (size > left)
                    {
                        throw new ArtifactTooLargeException(
                            $"the run's artifacts would exceed their {MaxRunBytes / (1024 * 1024)} MB total (artifacts.max_run_mb); {Math.Max(0, left) / (1024 * 1024)} MB are left");
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            File.Move(temp, target, overwrite: true);
            return new RunArtifact { RunId = runId, Name = name, SizeBytes = size, Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()), CreatedAt = clock.GetUtcNow() };
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Writes an artifact the orchestrator produces itself and records it on the run.</summary>
    public async Task WriteAsync(Run run, string name, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        Record(run, await SaveAsync(run.Id, name, stream, cancellationToken));
    }

    /// <summary>Adds or replaces the run's row for an artifact.</summary>
    public static void Record(Run run, RunArtifact artifact)
    {
        var existing = run.Artifacts.FirstOrDefault(a => a.Name == artifact.Name);
        if (existing is null)
        {
            run.Artifacts.Add(artifact);
        }
        else
        {
            (existing.SizeBytes, existing.Sha256, existing.CreatedAt) = (artifact.SizeBytes, artifact.Sha256, artifact.CreatedAt);
        }
    }
}
