using System.Text.Json.Serialization;

namespace Vetting.Protocol;

/// <summary>One number a stage measured, e.g. <c>seq_read</c> of <c>nvme0n1</c> in MB/s.</summary>
public sealed record Measurement
{
    /// <summary>snake_case, stable across agent versions so history charts line up.</summary>
    public required string Name { get; init; }

    /// <summary>Kernel name of the disk or NIC; null for whole-host values.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Device { get; init; }

    public required double Value { get; init; }

    public required string Unit { get; init; }
}
