namespace Vetting.Server.Reports;

public sealed record ReportHost
{
    public required int Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Lower-case colon form.</summary>
    public required string Mac { get; init; }

    public required string WolBroadcast { get; init; }
}
