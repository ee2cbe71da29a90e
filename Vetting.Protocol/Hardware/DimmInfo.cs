namespace Vetting.Protocol.Hardware;

public sealed record DimmInfo
{
    /// <summary>DMI locator, e.g. <c>DIMM_A1</c>.</summary>
    public string? Slot { get; init; }

    public long? SizeBytes { get; init; }

    public int? SpeedMts { get; init; }

    /// <summary>e.g. <c>DDR4</c>.</summary>
    public string? Type { get; init; }

    public string? Manufacturer { get; init; }

    public string? Serial { get; init; }
}
