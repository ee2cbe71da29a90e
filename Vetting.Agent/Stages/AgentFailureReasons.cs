using Vetting.Protocol;

namespace Vetting.Agent.Stages;

/// <summary>
/// Failure reasons the agent needs that <see cref="FailureReasons"/> does not list yet. Same rules: stable
/// machine words. Candidates for the shared contract.
/// </summary>
public static class AgentFailureReasons
{
    /// <summary>A disk answered reads or writes with I/O errors (EIO), as opposed to wrong data (verify-errors).</summary>
    public const string IoErrors = "io-errors";

    /// <summary>The instruction asked for a stage or kind this agent does not know (status error).</summary>
    public const string Unsupported = "unsupported";
}
