using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Vetting.Protocol;

/// <summary>What the agent must do next (answer of <c>GET /api/v1/runs/{id}/next</c>).</summary>
public sealed record Instruction
{
    // An omitted "parameters" arrives as null from the source-generated reader; treat it as empty.
    private readonly JsonObject? _parameters;

    public required string InstructionId { get; init; }

    /// <summary>One of <see cref="InstructionKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>One of <see cref="StageNames"/>; only for <see cref="InstructionKinds.Stage"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Stage { get; init; }

    /// <summary>
    /// Free-form so operators can add stage parameters in a workflow definition without a new
    /// agent release; well-known names are in <see cref="InstructionParameters"/>.
    /// </summary>
    public JsonObject Parameters { get => _parameters ?? []; init => _parameters = value; }

    /// <summary>Only for <see cref="InstructionKinds.Hold"/>: the line for /root/.ssh/authorized_keys.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SshPublicKey { get; init; }

    [JsonConverter(typeof(UtcTimestampConverter))]
    public required DateTimeOffset Deadline { get; init; }
}
