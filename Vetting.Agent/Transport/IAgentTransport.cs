using Vetting.Protocol;

namespace Vetting.Agent.Transport;

/// <summary>
/// The agent API of agent-protocol.md, one call per method, no retries (those live in <see cref="Backoff"/>).
/// Failures surface as <see cref="AgentTransportException"/>, an ended run as <see cref="RunEndedException"/>.
/// </summary>
public interface IAgentTransport
{
    Task<HelloResponse> HelloAsync(HelloRequest hello, CancellationToken cancellationToken);

    /// <summary>Long-polls for the next instruction; null when none arrived within <paramref name="waitSeconds"/> (204).</summary>
    Task<Instruction?> NextAsync(int waitSeconds, CancellationToken cancellationToken);

    Task HeartbeatAsync(HeartbeatRequest heartbeat, CancellationToken cancellationToken);

    /// <summary>Appends lines to the run log.</summary>
    Task LogAsync(string text, CancellationToken cancellationToken);

    Task PutArtifactAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task PostResultAsync(string instructionId, StageResult result, CancellationToken cancellationToken);
}
