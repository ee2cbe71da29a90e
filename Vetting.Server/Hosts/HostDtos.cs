namespace Vetting.Server.Hosts;

public sealed record HostRequest(string? Name, string? Mac, string? WolBroadcast, string? ExpectedSpec);

public sealed record HostDto(int Id, string Name, string Mac, string WolBroadcast, string ExpectedSpec,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Runs.RunSummaryDto? LatestRun);

/// <summary>Both optional: the <c>vetting</c> workflow's <c>standard</c> profile when left out.</summary>
public sealed record StartRunRequest
{
    public string? Workflow { get; init; }

    public string? Profile { get; init; }
}
