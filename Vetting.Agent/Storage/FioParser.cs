using System.Text.Json;
using Vetting.Agent.Probes;

namespace Vetting.Agent.Storage;

/// <summary>
/// Parses <c>fio --output-format=json</c>. fio may print its own error lines before the JSON on stdout, which
/// <see cref="JsonRead.ParseLenient"/> skips.
/// </summary>
public static class FioParser
{
    public static FioReport? Parse(string? stdout)
    {
        using var document = JsonRead.ParseLenient(stdout);
        if (document?.RootElement.Property("jobs") is not { ValueKind: JsonValueKind.Array } jobs)
        {
            return null;
        }

        return new FioReport([.. jobs.EnumerateArray().Select(job => new FioJob
        {
            Name = job.String("jobname") ?? "job",
            Error = (int)(job.Long("error") ?? 0),
            TotalErrors = job.Long("total_err") ?? 0,
            ReadBytes = job.Long("read", "io_bytes") ?? 0,
            ReadBandwidthBytes = job.Double("read", "bw_bytes") ?? 0,
            WriteBytes = job.Long("write", "io_bytes") ?? 0,
            WriteBandwidthBytes = job.Double("write", "bw_bytes") ?? 0,
        })]);
    }

    /// <summary>fio's verify complaints ("crc32c: verify failed at file ... offset ..."), which go to stderr.</summary>
    public static IReadOnlyList<string> VerifyComplaints(string? stderr) =>
        [.. (stderr ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains("verify failed", StringComparison.Ordinal)
                           || line.StartsWith("verify:", StringComparison.Ordinal)
                           || line.Contains("bad magic header", StringComparison.Ordinal))];

    /// <summary>fio's I/O error lines ("fio: io_u error on file /dev/sdb: Input/output error: read offset=...").</summary>
    public static IReadOnlyList<string> IoErrorLines(string? output) =>
        [.. (output ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains("io_u error", StringComparison.Ordinal))];
}
