using Vetting.Protocol.Hardware;

namespace Vetting.Server.Reports;

/// <summary>
/// Everything <c>report.json</c> and <c>report.html</c> say about one finished run. It is a snapshot,
/// not a view of the database: a report forwarded or archived later must still read the same after
/// the host is edited or the workflow republished.
/// </summary>
public sealed record RunReport
{
    /// <summary>Raised only for changes a reader of an older report.json would misread.</summary>
    public int SchemaVersion { get; init; } = 1;

    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>One of <see cref="ReportVerdicts"/>.</summary>
    public required string Verdict { get; init; }

    public required ReportRun Run { get; init; }

    public required ReportHost Host { get; init; }

    public required ReportWorkflow Workflow { get; init; }

    /// <summary>The host's expected spec as YAML text, as it was when the run started; null when none was registered.</summary>
    public string? ExpectedSpec { get; init; }

    /// <summary>Null when the inventory stage never delivered one.</summary>
    public Inventory? Inventory { get; init; }

    /// <summary>In pipeline order.</summary>
    public List<ReportStage> Stages { get; init; } = [];

    public List<ReportSpecDiff> SpecDiffs { get; init; } = [];

    public List<ReportMeasurement> Measurements { get; init; } = [];

    /// <summary>Files stored beside the report in the run's artifacts directory.</summary>
    public List<ReportArtifact> Artifacts { get; init; } = [];

    /// <summary>Set while the node is held in the live image for SSH investigation.</summary>
    public ReportHold? Hold { get; init; }

    /// <summary>The run's page on the dashboard (from <c>server.public_url</c>); null when not configured.</summary>
    public string? RunUrl { get; init; }
}
