namespace Vetting.Server.Security;

/// <summary>
/// Marks the agent API's endpoints (agent-protocol.md), which the operator rules (same origin, JSON bodies, the
/// 1 MiB cap) do not apply to. Agents are not browsers: they send no Origin and post text/plain logs and raw
/// artifact bytes. They are authenticated by the run's bearer token, which a cross-site page cannot attach, so
/// CSRF does not reach them; each endpoint sets its own body limit.
/// </summary>
public sealed class AgentEndpoint
{
    public static readonly AgentEndpoint Marker = new();

    private AgentEndpoint()
    {
    }

    /// <summary>The request was routed to an agent endpoint (routing runs before the security middleware).</summary>
    public static bool Is(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<AgentEndpoint>() is not null;
}
