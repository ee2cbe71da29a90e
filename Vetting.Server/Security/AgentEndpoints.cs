using System.Text.RegularExpressions;

namespace Vetting.Server.Security;

/// <summary>The agent API of agent-protocol.md, which the same-origin rules do not apply to.</summary>
internal static partial class AgentEndpoints
{
    // Agents are not browsers: they send no Origin and post text/plain logs and raw artifact bytes. They are
    // authenticated by the run's bearer token, which a cross-site page cannot attach, so CSRF does not reach them.
    public static bool Matches(PathString path) => path.HasValue && AgentPath().IsMatch(path.Value);

    [GeneratedRegex(@"^/api/v1/runs/[^/]+/(hello|heartbeat|log|artifacts/[^/]+|instructions/[^/]+/result)/?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgentPath();
}
