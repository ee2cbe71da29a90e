namespace Vetting.Server.Hosts;

public sealed record HostRequest(string? Name, string? Mac, string? WolBroadcast, string? ExpectedSpec);

public sealed record HostDto(int Id, string Name, string Mac, string WolBroadcast, string ExpectedSpec,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Runs.RunSummaryDto? LatestRun);

public sealed record StartRunRequest(string? Workflow, string? Profile);
