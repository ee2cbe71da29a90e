namespace Vetting.Protocol.Hardware;

/// <summary>
/// What the inventory stage found. Every value the agent could not determine is null, never a guess:
/// the spec comparison reports null as "unknown" instead of a false match. A null list means the
/// probe failed; an empty list means it ran and found nothing.
/// </summary>
public sealed record Inventory
{
    public SystemInfo? System { get; init; }

    public CpuInfo? Cpu { get; init; }

    public MemoryInfo? Memory { get; init; }

    public IReadOnlyList<DiskInfo>? Disks { get; init; }

    public IReadOnlyList<NicInfo>? Nics { get; init; }

    public IReadOnlyList<PciDeviceInfo>? Pci { get; init; }

    public IReadOnlyList<GpuInfo>? Gpus { get; init; }
}
