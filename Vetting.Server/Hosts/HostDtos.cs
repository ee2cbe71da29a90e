namespace Vetting.Server.Hosts;

/// <summary>A host to register or change. <c>Site</c> is optional: this orchestrator's site (<c>site.name</c>) when left out.</summary>
public sealed record HostRequest(string? Name, string? Mac, string? WolBroadcast, string? ExpectedSpec, string? Site = null);

public sealed record HostDto(int Id, string Name, string Mac, string WolBroadcast, string ExpectedSpec,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Runs.RunSummaryDto? LatestRun, string Site);

/// <summary>Both optional: the <c>vetting</c> workflow's <c>standard</c> profile when left out.</summary>
public sealed record StartRunRequest
{
    public string? Workflow { get; init; }

    public string? Profile { get; init; }
}
