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

    /// <summary>
    /// A threshold for one device and where it came from: the first spec entry that set it for the device's MAC
    /// (<see cref="InstructionParameters.NicThresholds"/>, source <c>nics[0].name</c>), else the stage-wide value
    /// (source <c>thresholds.&lt;stage&gt;.name</c>); null when the spec sets neither.
    /// </summary>
    public (double Value, string Source)? DeviceThreshold(string stage, string name, string? mac)
    {
        if (mac is not null && parameters[InstructionParameters.NicThresholds] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                if (entry["mac"] is JsonValue key && key.GetValueKind() == JsonValueKind.String
                    && string.Equals(key.GetValue<string>(), mac, StringComparison.OrdinalIgnoreCase)
                    && entry["thresholds"] is JsonObject values && Number(values[name]) is { } value)
                {
                    var source = entry["source"] is JsonValue path && path.GetValueKind() == JsonValueKind.String ? path.GetValue<string>() : "nics";
                    return (value, $"{source}.{name}");
                }
            }
        }

        return Threshold(name) is { } stageWide ? (stageWide, $"thresholds.{stage}.{name}") : null;
    }

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
