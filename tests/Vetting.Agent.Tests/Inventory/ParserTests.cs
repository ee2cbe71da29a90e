using Vetting.Agent.Inventory;
using Vetting.Agent.Probes;
using Vetting.Agent.Tests.Support;

namespace Vetting.Agent.Tests.Inventory;

public sealed class ParserTests
{
    [Fact]
    public void Lscpu_from_this_machine_gives_model_topology_and_flags()
    {
        var cpu = LscpuParser.Parse(Testdata.Read("lscpu.json"))!;

        Assert.Equal("AMD EPYC", cpu.Model);
        Assert.Equal(1, cpu.Sockets);
        Assert.Equal(2, cpu.PhysicalCores);
        Assert.Equal(2, cpu.LogicalCores);
        Assert.Contains("avx2", cpu.Flags!);
    }

    [Fact]
    public void Lscpu_reads_fields_nested_under_children()
    {
        const string nested = """
            {"lscpu":[{"field":"CPU(s):","data":"20"},{"field":"Vendor ID:","data":"GenuineIntel","children":[
              {"field":"Model name:","data":"Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz","children":[
                {"field":"Thread(s) per core:","data":"2"},{"field":"Core(s) per socket:","data":"10"},{"field":"Socket(s):","data":"1"}]}]}]}
            """;

        var cpu = LscpuParser.Parse(nested)!;

        Assert.Equal("Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz", cpu.Model);
        Assert.Equal(10, cpu.PhysicalCores);
        Assert.Equal(20, cpu.LogicalCores);
    }

    [Fact]
    public void Lscpu_garbage_is_null()
    {
        Assert.Null(LscpuParser.Parse("lscpu: failed to determine number of CPUs"));
    }

    [Fact]
    public void Cpuinfo_flags_come_from_the_first_processor()
    {
        var flags = LscpuParser.FlagsFromCpuInfo(Testdata.Read("cpuinfo.txt"))!;

        Assert.Equal("fpu", flags[0]);
        Assert.Contains("avx512f", flags);
    }

    [Fact]
    public void Meminfo_values_are_bytes()
    {
        var meminfo = MemInfoParser.Parse(Testdata.Read("meminfo.txt"));

        Assert.Equal(0, meminfo["MemTotal"] % 1024);
        Assert.True(meminfo["MemTotal"] > 20L << 30);
        Assert.True(meminfo["MemAvailable"] <= meminfo["MemTotal"]);
    }

    [Fact]
    public void Lsmem_summary_gives_installed_memory_of_this_vm()
    {
        Assert.Equal(24L << 30, LsmemParser.InstalledBytes(Testdata.Read("lsmem-summary.txt")));
        Assert.Null(LsmemParser.InstalledBytes("lsmem: This system does not support memory blocks"));
    }

    [Fact]
    public void Dmidecode_failure_without_dev_mem_yields_no_memory_data()
    {
        Assert.Null(DmiMemory.Parse(Testdata.Read("dmidecode-memory.txt")));
    }

    [Fact]
    public void Dmidecode_server_memory_lists_populated_dimms_with_ecc()
    {
        var memory = DmiMemory.Parse(Testdata.Read("dmidecode-memory-server.txt"))!;

        Assert.True(memory.Ecc);
        Assert.Equal(["DIMM_A1", "DIMM_B1"], memory.Dimms.Select(d => d.Slot));
        Assert.All(memory.Dimms, d => Assert.Equal(32L << 30, d.SizeBytes));
        Assert.Equal(2400, memory.Dimms[0].SpeedMts);
        Assert.Equal("DDR4", memory.Dimms[0].Type);
        Assert.Equal("Samsung", memory.Dimms[0].Manufacturer);
        Assert.Equal("40A1B2C3", memory.Dimms[0].Serial);
    }

    [Fact]
    public void Dmidecode_error_correction_none_means_no_ecc()
    {
        var text = Testdata.Read("dmidecode-memory-server.txt").Replace("Multi-bit ECC", "None", StringComparison.Ordinal);

        Assert.False(DmiMemory.Parse(text)!.Ecc);
    }

    [Fact]
    public void Dmidecode_system_and_bios_convert_the_date_and_drop_placeholders()
    {
        var system = SystemProbe.FromDmidecode(Testdata.Read("dmidecode-system-server.txt"), new FakeSystemFiles().Directory("/sys/firmware/efi"))!;

        Assert.Equal("Supermicro", system.Vendor);
        Assert.Equal("X11SPi-TF", system.Product);
        Assert.Equal("S123", system.Serial);
        Assert.Equal("American Megatrends Inc.", system.BiosVendor);
        Assert.Equal("3.4", system.BiosVersion);
        Assert.Equal("2021-03-05", system.BiosDate);
        Assert.Equal("uefi", system.BootMode);
    }

    [Fact]
    public void Sysfs_dmi_is_read_without_dev_mem()
    {
        var files = new FakeSystemFiles()
            .File("/sys/class/dmi/id/sys_vendor", "QEMU\n")
            .File("/sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n")
            .File("/sys/class/dmi/id/product_serial", "Not Specified\n")
            .File("/sys/class/dmi/id/bios_vendor", "SeaBIOS\n")
            .File("/sys/class/dmi/id/bios_version", "1.16.2-debian-1.16.2-1\n")
            .File("/sys/class/dmi/id/bios_date", "04/01/2014\n");

        var system = SystemProbe.FromSysfs(files);

        Assert.Equal("QEMU", system.Vendor);
        Assert.Null(system.Serial);
        Assert.Equal("2014-04-01", system.BiosDate);
        Assert.Equal("bios", system.BootMode);
    }

    [Fact]
    public void Lspci_machine_readable_output_gives_ids_classes_and_names()
    {
        var devices = LspciParser.Parse(Testdata.Read("lspci.txt"));

        Assert.Equal(6, devices.Count);
        var nic = Assert.Single(devices, d => d.Class == "0200");
        Assert.Equal("0000:00:03.0", nic.Address);
        Assert.Equal("1af4", nic.VendorId);
        Assert.Equal("1041", nic.DeviceId);
        Assert.Equal("Red Hat, Inc.", nic.VendorName);
        Assert.Equal("Virtio 1.0 network device", nic.DeviceName);
        Assert.Empty(LspciParser.Gpus(devices));
    }

    [Fact]
    public void Lspci_display_controllers_are_gpus_and_slots_without_domain_get_one()
    {
        const string line = "3b:00.0 \"3D controller [0302]\" \"NVIDIA Corporation [10de]\" \"TU104GL [Tesla T4] [1eb8]\" -ra1 \"NVIDIA Corporation [10de]\" \"TU104GL [Tesla T4] [12a2]\"";

        var device = Assert.Single(LspciParser.Parse(line));
        var gpu = Assert.Single(LspciParser.Gpus([device]));

        Assert.Equal("0000:3b:00.0", device.Address);
        Assert.Equal("10de", gpu.VendorId);
        Assert.Equal("1eb8", gpu.DeviceId);
        Assert.Equal("TU104GL [Tesla T4]", gpu.Name);
    }

    [Fact]
    public void Lsblk_tree_of_this_machine_marks_the_root_disk_as_boot_media()
    {
        var devices = LsblkParser.Parse(Testdata.Read("lsblk-tree.json"))!;

        var vda = Assert.Single(devices, d => d.IsTestableDisk);
        Assert.Equal("vda", vda.Name);
        Assert.Equal(274877906944, vda.SizeBytes);
        Assert.True(vda.Rotational);
        Assert.True(BootMedia.IsBootMedia(vda));
        Assert.False(devices.Single(d => d.Name == "zram0").IsTestableDisk);
    }

    [Fact]
    public void Lsblk_live_medium_on_a_partition_makes_its_disk_boot_media()
    {
        var devices = LsblkParser.Parse(Testdata.Read("lsblk-server.json"))!;

        Assert.True(BootMedia.IsBootMedia(devices.Single(d => d.Name == "sda")));
        Assert.False(BootMedia.IsBootMedia(devices.Single(d => d.Name == "sdb")));
        Assert.False(BootMedia.IsMounted(devices.Single(d => d.Name == "nvme0n1")));
    }

    [Fact]
    public void Lsblk_older_string_spellings_are_accepted()
    {
        const string old = """{"blockdevices":[{"name":"sda","size":"500107862016","rota":"1","type":"disk","mountpoint":null}]}""";

        var sda = Assert.Single(LsblkParser.Parse(old)!);

        Assert.Equal(500107862016, sda.SizeBytes);
        Assert.True(sda.Rotational);
    }

    [Fact]
    public void Wipefs_finds_partition_tables_and_filesystems_and_nothing_on_a_blank_disk()
    {
        Assert.Equal("a GPT partition table", WipefsParser.Describe(WipefsParser.Parse(Testdata.Read("wipefs-gpt.json"))!));
        Assert.Equal("an MBR (dos) partition table", WipefsParser.Describe(WipefsParser.Parse(Testdata.Read("wipefs-dos.json"))!));
        Assert.Equal("an ext4 signature", WipefsParser.Describe(WipefsParser.Parse(Testdata.Read("wipefs-ext4.json"))!));
        Assert.Empty(WipefsParser.Parse(Testdata.Read("wipefs-blank.json"))!);
        Assert.Null(WipefsParser.Parse(Testdata.Read("wipefs-vda-denied.txt")));
    }

    [Fact]
    public void Ip_link_lists_every_interface()
    {
        var links = IpLinkParser.Parse(Testdata.Read("ip-link.json"))!;

        Assert.Equal(["lo", "ifb0", "ifb1", "eth0"], links.Select(l => l.Name));
        Assert.Equal("02:fc:00:00:00:01", links[3].Address);
    }
}
