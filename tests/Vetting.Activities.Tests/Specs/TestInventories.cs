using System.Text.Json;
using Vetting.Activities.Tests.Protocol;
using Vetting.Protocol;
using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Tests.Specs;

internal static class TestInventories
{
    public const long Gib = 1024L * 1024 * 1024;

    /// <summary>The contract's example server: one Samsung NVMe disk, one 10G NIC, one DIMM, a Tesla T4.</summary>
    public static Inventory Contract() => JsonSerializer.Deserialize(InventoryExamples.Contract, ProtocolJsonContext.Default.Inventory)!;

    /// <summary>A QEMU VM as the agent sees it: DMI reports the configured size, MemTotal a little less.</summary>
    public static Inventory Vm(long installedBytes, int logicalCores = 4) => new()
    {
        Cpu = new CpuInfo { Model = "QEMU Virtual CPU version 2.5+", Sockets = 1, PhysicalCores = logicalCores, LogicalCores = logicalCores },
        Memory = new MemoryInfo { InstalledBytes = installedBytes, UsableBytes = installedBytes * 95 / 100, Ecc = false, Dimms = [] },
        Disks = [],
        Nics = [new NicInfo { Name = "ens3", Mac = "52:54:00:12:34:56", Driver = "virtio_net", LinkUp = true, SpeedMbps = null }],
        Pci = [],
        Gpus = [],
    };

    public static DiskInfo Disk(string name, string? model, string? serial = null, long? sizeBytes = 1_000_204_886_016, bool? rotational = false) => new()
    {
        Name = name,
        Model = model,
        Serial = serial,
        SizeBytes = sizeBytes,
        Rotational = rotational,
        Transport = "nvme",
    };
}
