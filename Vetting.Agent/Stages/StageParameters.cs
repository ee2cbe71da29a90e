using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Protocol;

namespace Vetting.Agent.Stages;

/// <summary>
/// Typed reads of <see cref="Instruction.Parameters"/>: profile values (durationSeconds, memoryPercent, ...), the
/// server's additions (allowDestructive, iperf3Server, ...) and the spec's <c>thresholds</c>. Absent or
/// unreadable values fall back to the stage's default, so an older server still drives a newer agent.
/// </summary>
public sealed class StageParameters(JsonObject parameters)
{
    public const string MemoryPercent = "memoryPercent";
    public const string MemoryMb = "memoryMb";
    public const string ReadSizeMb = "readSizeMb";
    public const string WipeProbeSizeMb = "wipeProbeSizeMb";
    public const string Iperf3Server = "iperf3Server";
    public const string Iperf3Port = "iperf3Port";

    public static StageParameters Empty { get; } = new([]);

    public string? Profile => String(InstructionParameters.Profile);

    public int DurationSeconds(int fallback) => Int(InstructionParameters.DurationSeconds) is > 0 and var seconds ? seconds : fallback;

    public bool AllowDestructive => Bool(InstructionParameters.AllowDestructive) ?? false;

    public int? Int(string name) => Number(parameters[name]) is { } value ? (int)Math.Clamp(Math.Round(value), int.MinValue, int.MaxValue) : null;

    public bool? Bool(string name) => parameters[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? value.GetValue<bool>()
        : null;

    public string? String(string name) => parameters[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String
        ? value.GetValue<string>()
        : null;

    /// <summary>A number from the spec's thresholds for this stage, e.g. <c>max_temp_c</c>.</summary>
    public double? Threshold(string name) =>
        parameters[InstructionParameters.Thresholds] is JsonObject thresholds ? Number(thresholds[name]) : null;

    private static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Number => value.GetValue<double>(),
            JsonValueKind.String when double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
