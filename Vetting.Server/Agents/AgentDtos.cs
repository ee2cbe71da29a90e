using System.Text.Json.Serialization;

namespace Vetting.Server.Agents;

/// <summary>Answer to <c>PUT artifacts/{name}</c>.</summary>
public sealed record ArtifactStoredDto(string Name, long SizeBytes, string Sha256);

/// <summary>Answer to a result: <c>repeated</c> is set when the same result had been accepted before.</summary>
public sealed record ResultAcceptedDto(string InstructionId, bool Accepted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Repeated = null);
