namespace Vetting.Agent.Probes;

/// <summary>One node of <c>lsblk -J -b</c>'s tree: a disk, or a partition/holder below it.</summary>
public sealed record BlockDevice
{
    public required string Name { get; init; }

    public string? Model { get; init; }

    public string? Serial { get; init; }

    public string? Wwn { get; init; }

    public long? SizeBytes { get; init; }

    public bool? Rotational { get; init; }

    public string? Transport { get; init; }

    /// <summary>lsblk's TYPE: disk, part, loop, rom, lvm, crypt, ...</summary>
    public string? Type { get; init; }

    public IReadOnlyList<string> MountPoints { get; init; } = [];

    public IReadOnlyList<BlockDevice> Children { get; init; } = [];

    /// <summary>Every mount point of this device and of everything stacked on it.</summary>
    public IEnumerable<string> AllMountPoints() => MountPoints.Concat(Children.SelectMany(child => child.AllMountPoints()));

    /// <summary>
    /// A physical disk worth testing. zram is compressed RAM, and a zero-size disk is an empty card reader
    /// slot or a detached virtual device.
    /// </summary>
    public bool IsTestableDisk => Type == "disk" && SizeBytes is > 0 && !Name.StartsWith("zram", StringComparison.Ordinal);
}
