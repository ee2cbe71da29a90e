using Vetting.Protocol.Hardware;

namespace Vetting.Server.Tests.Support;

public static class Inventories
{
    /// <summary>A QEMU VM with 4 GiB installed (MemTotal lower, as on real VMs) and 4 logical CPUs.</summary>
    public static Inventory FourGiBVm(int logicalCores = 4) => new()
    {
        System = new SystemInfo { Vendor = "QEMU", Product = "Standard PC (Q35 + ICH9, 2009)", BiosVendor = "SeaBIOS", BiosVersion = "1.16.2", BootMode = "bios" },
        Cpu = new CpuInfo { Model = "QEMU Virtual CPU version 2.5+", Sockets = 1, PhysicalCores = logicalCores, LogicalCores = logicalCores, Flags = ["sse4_2"] },
        Memory = new MemoryInfo { InstalledBytes = 4L * 1024 * 1024 * 1024, UsableBytes = 4_020_000_000, Ecc = false, Dimms = [] },
        Disks = [new DiskInfo { Name = "vda", Model = "QEMU HARDDISK", SizeBytes = 10_737_418_240, Rotational = true, Transport = "virtio", Blank = true, BootMedia = false }],
        Nics = [new NicInfo { Name = "ens3", Mac = "52:54:00:12:34:56", Driver = "virtio_net", LinkUp = true, SpeedMbps = 1000 }],
        Pci = [],
        Gpus = [],
    };
}
