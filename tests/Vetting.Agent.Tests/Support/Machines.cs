namespace Vetting.Agent.Tests.Support;

/// <summary>Fake machines assembled from testdata: the recorded development VM and a derived server.</summary>
public static class Machines
{
    public const string Lsblk = "lsblk -J -b -o NAME,MODEL,SERIAL,WWN,SIZE,ROTA,TRAN,TYPE,MOUNTPOINTS";

    /// <summary>The VM the recordings were made on: no DMI, no SMART, wipefs not permitted, virtio NIC without speed.</summary>
    public static (FakeToolRunner Tools, FakeSystemFiles Files) DevelopmentVm()
    {
        var tools = new FakeToolRunner()
            .On("lscpu -J", Testdata.Read("lscpu.json"))
            .On("dmidecode -t memory", Testdata.Read("dmidecode-memory.txt"), 1, Testdata.Read("dmidecode-memory.stderr"))
            .On("dmidecode -t 0 -t 1", Testdata.Read("dmidecode-system.txt"), 1, Testdata.Read("dmidecode-system.stderr"))
            .On("lsmem -b --summary=only", Testdata.Read("lsmem-summary.txt"))
            .On(Lsblk, Testdata.Read("lsblk-tree.json"))
            .On("smartctl -j -H -i -A /dev/vda", Testdata.Read("smartctl-vda.json"), 1)
            .On("wipefs --no-act -J /dev/vda", "", 1, Testdata.Read("wipefs-vda-denied.txt"))
            .On("ip -j link", Testdata.Read("ip-link.json"))
            .On("lspci -mm -nn -D", Testdata.Read("lspci.txt"));
        var files = new FakeSystemFiles()
            .File("/proc/cpuinfo", Testdata.Read("cpuinfo.txt"))
            .File("/proc/meminfo", Testdata.Read("meminfo.txt"))
            // virtio-blk's serial, read on the development VM (lsblk reports it as null there)
            .File("/sys/block/vda/serial", "2006643661868919")
            .File("/sys/class/net/eth0/carrier", "1\n")
            .File("/sys/class/net/eth0/speed", "-1\n")
            .File("/sys/class/net/eth0/address", "02:fc:00:00:00:01\n")
            .Link("/sys/class/net/eth0/device/driver", "/sys/bus/virtio/drivers/virtio_net")
            .File("/sys/class/net/lo/address", "00:00:00:00:00:00\n")
            .File("/sys/class/net/ifb0/address", "72:a2:5a:1c:10:4b\n");
        return (tools, files);
    }

    /// <summary>A server board: DMI through dmidecode, a USB live stick, a used SATA SSD, a blank NVMe, a 10G NIC.</summary>
    public static (FakeToolRunner Tools, FakeSystemFiles Files) Server()
    {
        var tools = new FakeToolRunner()
            .On("lscpu -J", Testdata.Read("lscpu.json"))
            .On("dmidecode -t memory", Testdata.Read("dmidecode-memory-server.txt"))
            .On("dmidecode -t 0 -t 1", Testdata.Read("dmidecode-system-server.txt"))
            .On(Lsblk, Testdata.Read("lsblk-server.json"))
            .On("smartctl -j -H -i -A /dev/sda", Testdata.Read("smartctl-vda.json").Replace("/dev/vda", "/dev/sda", StringComparison.Ordinal), 1)
            .On("smartctl -j -H -i -A /dev/sdb", Testdata.Read("smartctl-sata-reallocated.json"))
            .On("smartctl -j -H -i -A /dev/nvme0n1", Testdata.Read("smartctl-nvme-healthy.json"))
            .On("wipefs --no-act -J /dev/sda", Testdata.Read("wipefs-dos.json"))
            .On("wipefs --no-act -J /dev/sdb", Testdata.Read("wipefs-gpt.json"))
            .On("wipefs --no-act -J /dev/nvme0n1", Testdata.Read("wipefs-blank.json"))
            .On("ip -j link", """[{"ifindex":2,"ifname":"eno1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"operstate":"UP","link_type":"ether","address":"AC:1F:6B:00:00:01"},{"ifindex":3,"ifname":"eno2","flags":["BROADCAST","MULTICAST"],"operstate":"DOWN","link_type":"ether","address":"ac:1f:6b:00:00:02"}]""")
            .On("lspci -mm -nn -D", "0000:3b:00.0 \"Ethernet controller [0200]\" \"Intel Corporation [8086]\" \"Ethernet Controller X550 [1563]\" -r01 -p00 \"Super Micro Computer Inc [15d9]\" \"Device [1563]\"\n0000:af:00.0 \"3D controller [0302]\" \"NVIDIA Corporation [10de]\" \"TU104GL [Tesla T4] [1eb8]\" -ra1 \"NVIDIA Corporation [10de]\" \"Device [12a2]\"\n");
        var files = new FakeSystemFiles()
            .File("/proc/cpuinfo", Testdata.Read("cpuinfo.txt"))
            .File("/proc/meminfo", Testdata.Read("meminfo.txt"))
            .Directory("/sys/firmware/efi")
            .File("/sys/class/net/eno1/carrier", "1\n")
            .File("/sys/class/net/eno1/speed", "10000\n")
            .Link("/sys/class/net/eno1/device/driver", "/sys/bus/pci/drivers/ixgbe")
            .Link("/sys/class/net/eno2/device/driver", "/sys/bus/pci/drivers/ixgbe");
        return (tools, files);
    }
}
