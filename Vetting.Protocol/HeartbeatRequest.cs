using System.Text.Json.Serialization;

namespace Vetting.Protocol;

/// <summary>Keep-alive, optionally with progress of the instruction being worked on.</summary>
public sealed record HeartbeatRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstructionId { get; init; }

    /// <summary>0–100.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Percent { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}
