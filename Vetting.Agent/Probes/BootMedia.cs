namespace Vetting.Agent.Probes;

/// <summary>
/// Finds the disk the live image runs from. Destructive tests must never touch it, so a disk counts as boot
/// media when it (or a partition, LVM volume or loop-mounted image stacked on it) holds one of the live
/// system's mount points.
/// </summary>
public static class BootMedia
{
    private static readonly string[] SystemMountPoints =
    [
        "/", "/boot", "/boot/efi", "/efi", "/usr",
        // Debian live-boot, dracut dmsquash-live and casper keep the boot medium here.
        "/run/live/medium", "/lib/live/mount/medium", "/run/initramfs/live", "/cdrom",
    ];

    public static bool IsBootMedia(BlockDevice disk) =>
        disk.AllMountPoints().Any(mount => SystemMountPoints.Contains(mount, StringComparer.Ordinal));

    /// <summary>Mounted for any reason: in use by someone, so never written to either.</summary>
    public static bool IsMounted(BlockDevice disk) => disk.AllMountPoints().Any();
}
