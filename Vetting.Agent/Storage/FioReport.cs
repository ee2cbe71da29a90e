namespace Vetting.Agent.Storage;

/// <summary>One job of fio's JSON output.</summary>
public sealed record FioJob
{
    public required string Name { get; init; }

    /// <summary>The errno the job stopped with; 0 when it ran clean.</summary>
    public required int Error { get; init; }

    /// <summary>Errors counted while continuing (continue_on_error); the job may still report error 0.</summary>
    public long TotalErrors { get; init; }

    public long ReadBytes { get; init; }

    public double ReadBandwidthBytes { get; init; }

    public long WriteBytes { get; init; }

    public double WriteBandwidthBytes { get; init; }
}

public sealed record FioReport(IReadOnlyList<FioJob> Jobs)
{
    public double ReadMegabytesPerSecond => Jobs.Sum(j => j.ReadBandwidthBytes) / 1_000_000;

    public double WriteMegabytesPerSecond => Jobs.Sum(j => j.WriteBandwidthBytes) / 1_000_000;
}
