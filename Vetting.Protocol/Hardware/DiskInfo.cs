namespace Vetting.Protocol.Hardware;

public sealed record DiskInfo
{
    /// <summary>Kernel name (<c>nvme0n1</c>); for logs and artifact names, not for identity, it can change between boots.</summary>
    public required string Name { get; init; }

    public string? Model { get; init; }

    public string? Serial { get; init; }

    public string? Wwn { get; init; }

    public long? SizeBytes { get; init; }

    public bool? Rotational { get; init; }

    /// <summary>lsblk's tran: <c>nvme</c>, <c>sata</c>, <c>sas</c>, <c>usb</c>, ...</summary>
    public string? Transport { get; init; }

    public bool? SmartHealthy { get; init; }

    /// <summary>No partition table and no filesystem signature: the wipe-probe may write to it.</summary>
    public bool? Blank { get; init; }

    /// <summary>The live image was booted from it; never written to.</summary>
    public bool? BootMedia { get; init; }
}
