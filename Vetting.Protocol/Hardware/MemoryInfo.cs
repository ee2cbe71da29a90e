namespace Vetting.Protocol.Hardware;

public sealed record MemoryInfo
{
    /// <summary>What the DIMMs or firmware report (DMI, lsmem); compared with the spec's total_gib.</summary>
    public long? InstalledBytes { get; init; }

    /// <summary>MemTotal: smaller than installed by the kernel's and firmware's reservations.</summary>
    public long? UsableBytes { get; init; }

    public bool? Ecc { get; init; }

    /// <summary>Populated modules only; empty slots are left out.</summary>
    public IReadOnlyList<DimmInfo>? Dimms { get; init; }
}
