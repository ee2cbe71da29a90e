namespace Vetting.Server.Sites;

/// <summary>A site as <c>GET /api/v1/sites</c> shows it: its orchestrator's URL and liveness, and its hosts and active runs.</summary>
public sealed record SiteDto(string Name, string? PublicUrl, string? Version, DateTimeOffset? LastSeenAt, bool Online, bool Current, int Hosts, int ActiveRuns);
