namespace Vetting.Server.Sites;

/// <summary>
/// Row of <c>sites</c>: an orchestrator that serves a site says so here every <see cref="SitePresence.Interval"/>,
/// so every orchestrator sharing the database can show the sites and point to the one that drives a run.
/// </summary>
public sealed class SiteRecord
{
    public string Name { get; set; } = "";

    /// <summary>Its <c>server.public_url</c>: where its dashboard, reports and artifacts are.</summary>
    public string PublicUrl { get; set; } = "";

    public string Version { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
