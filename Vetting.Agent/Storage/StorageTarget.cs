using Vetting.Agent.Probes;

namespace Vetting.Agent.Storage;

/// <summary>Something the storage stage tests: a whole disk, or in local mode a scratch file.</summary>
public sealed record StorageTarget
{
    /// <summary>Kernel name ("nvme0n1") or "scratch"; used in messages and artifact names.</summary>
    public required string Name { get; init; }

    /// <summary>What fio opens: /dev/nvme0n1 or the scratch file.</summary>
    public required string Path { get; init; }

    public long? SizeBytes { get; init; }

    public bool IsScratchFile { get; init; }

    /// <summary>The live image runs from it: never written, whatever the operator allowed.</summary>
    public bool IsBootMedia { get; init; }

    /// <summary>Something on it is mounted: in use, never written.</summary>
    public bool IsMounted { get; init; }

    public static StorageTarget FromDisk(BlockDevice disk) => new()
    {
        Name = disk.Name,
        Path = "/dev/" + disk.Name,
        SizeBytes = disk.SizeBytes,
        IsBootMedia = BootMedia.IsBootMedia(disk),
        IsMounted = BootMedia.IsMounted(disk),
    };

    public static StorageTarget Scratch(string directory, long sizeBytes) => new()
    {
        Name = "scratch",
        Path = System.IO.Path.Combine(directory, "vetting-scratch.img"),
        SizeBytes = sizeBytes,
        IsScratchFile = true,
    };
}
