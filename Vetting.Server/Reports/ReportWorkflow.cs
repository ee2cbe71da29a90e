namespace Vetting.Server.Reports;

/// <summary>Which pipeline ran: the definition version is pinned for the run's lifetime, so it says exactly which steps were taken.</summary>
public sealed record ReportWorkflow
{
    public required string DefinitionId { get; init; }

    public required int Version { get; init; }

    /// <summary>Null when the run ended before a workflow instance was created.</summary>
    public string? InstanceId { get; init; }
}
