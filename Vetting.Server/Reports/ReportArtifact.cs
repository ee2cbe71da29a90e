namespace Vetting.Server.Reports;

/// <summary>A file in the run's artifacts directory; <see cref="Name"/> is also its path relative to the report.</summary>
public sealed record ReportArtifact
{
    public required string Name { get; init; }

    public required long SizeBytes { get; init; }
}
