using Vetting.Agent.Probes;
using Vetting.Agent.Tools;
using Vetting.Protocol.Hardware;

namespace Vetting.Agent.Inventory;

/// <summary>
/// Disks for the inventory: lsblk for identity, smartctl for health, wipefs for blankness, mounts for boot media. The
/// live image runs no udev, so lsblk can miss a serial that the kernel knows: SMART asks the drive, and sysfs holds it
/// for virtio (<c>/sys/block/vda/serial</c>) and NVMe (<c>/sys/block/nvme0n1/device/serial</c>).
/// </summary>
public static class DiskProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<DiskInfo>?> ProbeAsync(ProbeLog tools, ISystemFiles files, CancellationToken cancellationToken)
    {
        var lsblk = await tools.RunAsync("lsblk", LsblkParser.Arguments, Timeout, cancellationToken);
        var devices = lsblk.Missing ? null : LsblkParser.Parse(lsblk.Stdout);
        if (devices is null)
        {
            tools.Unknown("disks", $"lsblk: {lsblk.LastErrorLine()}");
            return null;
        }

        var disks = new List<DiskInfo>();
        foreach (var device in devices.Where(d => d.IsTestableDisk))
        {
            var smart = await tools.RunAsync("smartctl", SmartctlParser.Arguments("/dev/" + device.Name), Timeout, cancellationToken);
            var report = smart.Missing ? null : SmartctlParser.Parse(smart.Stdout);
            if (report is not { HasHealth: true })
            {
                tools.Unknown($"{device.Name} smartHealthy", report is { Errors.Count: > 0 } ? report.Errors[0] : $"smartctl: {smart.LastErrorLine()}");
            }

            var wipefs = await tools.RunAsync("wipefs", WipefsParser.Arguments("/dev/" + device.Name), Timeout, cancellationToken);
            var signatures = wipefs.Missing || wipefs.ExitCode != 0 ? null : WipefsParser.Parse(wipefs.Stdout);
            if (signatures is null)
            {
                tools.Unknown($"{device.Name} blank", wipefs.LastErrorLine());
            }

            disks.Add(new DiskInfo
            {
                Name = device.Name,
                // lsblk reads udev's database, which the live image does not have; SMART asks the drive itself.
                Model = device.Model ?? report?.Model,
                Serial = device.Serial ?? report?.Serial ?? SysfsSerial(files, device.Name),
                Wwn = device.Wwn,
                SizeBytes = device.SizeBytes,
                Rotational = device.Rotational,
                Transport = device.Transport,
                SmartHealthy = report is { HasHealth: true } ? SmartJudgement.Problems(report).Count == 0 : null,
                Blank = signatures is null ? null : signatures.Count == 0,
                BootMedia = BootMedia.IsBootMedia(device),
            });
        }

        return disks;
    }

    private static string? SysfsSerial(ISystemFiles files, string name)
    {
        if (name.Contains('/', StringComparison.Ordinal) || name.StartsWith('.'))
        {
            return null;
        }

        foreach (var path in (string[])[$"/sys/block/{name}/serial", $"/sys/block/{name}/device/serial"])
        {
            var serial = files.ReadText(path)?.Trim();
            if (!string.IsNullOrEmpty(serial))
            {
                return serial;
            }
        }

        return null;
    }
}
