using System.Text.Json;
using Vetting.Agent.Inventory;
using Vetting.Agent.Tests.Support;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Inventory;

public sealed class InventoryStageTests
{
    [Fact]
    public async Task On_the_development_vm_unknown_values_are_null_and_the_summary_says_why()
    {
        var (tools, files) = Machines.DevelopmentVm();

        var outcome = await new InventoryStage().RunAsync(Contexts.For(tools, files), CancellationToken.None);
        var inventory = outcome.Result.Inventory!;

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Null(inventory.System!.Vendor);
        Assert.Null(inventory.System.BiosVersion);
        Assert.Equal("bios", inventory.System.BootMode);
        Assert.Equal("AMD EPYC", inventory.Cpu!.Model);
        Assert.Equal(24L << 30, inventory.Memory!.InstalledBytes);
        Assert.Equal(24684092L * 1024, inventory.Memory.UsableBytes);
        Assert.Null(inventory.Memory.Ecc);
        Assert.Null(inventory.Memory.Dimms);
        var vda = Assert.Single(inventory.Disks!);
        Assert.Equal(("vda", true, (bool?)null, (bool?)null), (vda.Name, vda.BootMedia, vda.SmartHealthy, vda.Blank));
        Assert.Equal("2006643661868919", vda.Serial); // lsblk has none, SMART cannot ask virtio: from /sys/block/vda/serial
        var eth0 = Assert.Single(inventory.Nics!);
        Assert.Equal(("eth0", "02:fc:00:00:00:01", "virtio_net", (bool?)true, (int?)null), (eth0.Name, eth0.Mac, eth0.Driver, eth0.LinkUp, eth0.SpeedMbps));
        Assert.Equal(6, inventory.Pci!.Count);
        Assert.Empty(inventory.Gpus!);
        Assert.Contains("/dev/mem: No such file or directory", outcome.Result.Summary, StringComparison.Ordinal);
        Assert.Contains("vda smartHealthy: /dev/vda: Unable to detect device type", outcome.Result.Summary, StringComparison.Ordinal);
        Assert.Contains("Operation not permitted", outcome.Result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inventory_json_artifact_has_the_contract_shape_with_explicit_nulls()
    {
        var (tools, files) = Machines.DevelopmentVm();

        var outcome = await new InventoryStage().RunAsync(Contexts.For(tools, files), CancellationToken.None);
        var artifact = Assert.Single(outcome.Artifacts, a => a.Name == "inventory.json");
        using var json = JsonDocument.Parse(artifact.Content);
        var root = json.RootElement;

        Assert.Equal(["system", "cpu", "memory", "disks", "nics", "pci", "gpus"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["vendor", "product", "serial", "biosVendor", "biosVersion", "biosDate", "bootMode"], root.GetProperty("system").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("system").GetProperty("vendor").ValueKind);
        Assert.Equal(["name", "model", "serial", "wwn", "sizeBytes", "rotational", "transport", "smartHealthy", "blank", "bootMedia"],
            root.GetProperty("disks")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("memory").GetProperty("dimms").ValueKind);
        Assert.Equal(JsonSerializer.Serialize(outcome.Result.Inventory, ProtocolJsonContext.Default.Inventory),
            JsonSerializer.Serialize(JsonSerializer.Deserialize(artifact.Content.Span, ProtocolJsonContext.Default.Inventory), ProtocolJsonContext.Default.Inventory));
        Assert.Contains(outcome.Artifacts, a => a.Name == "inventory-probes.log");
    }

    [Fact]
    public async Task On_a_server_dimms_ecc_disks_nics_and_gpus_are_reported()
    {
        var (tools, files) = Machines.Server();

        var inventory = (await new InventoryStage().RunAsync(Contexts.For(tools, files), CancellationToken.None)).Result.Inventory!;

        Assert.Equal(("Supermicro", "2021-03-05", "uefi"), (inventory.System!.Vendor, inventory.System.BiosDate, inventory.System.BootMode));
        Assert.Equal(64L << 30, inventory.Memory!.InstalledBytes);
        Assert.True(inventory.Memory.Ecc);
        Assert.Equal(2, inventory.Memory.Dimms!.Count);
        var disks = inventory.Disks!.ToDictionary(d => d.Name);
        Assert.Equal(["sda", "sdb", "nvme0n1"], disks.Keys);
        Assert.Equal((true, (bool?)false), (disks["sda"].BootMedia!.Value, disks["sda"].Blank));
        Assert.Equal(((bool?)false, (bool?)false, "sata"), (disks["sdb"].SmartHealthy, disks["sdb"].Blank, disks["sdb"].Transport));
        Assert.Equal(((bool?)true, (bool?)true, (bool?)false), (disks["nvme0n1"].SmartHealthy, disks["nvme0n1"].Blank, disks["nvme0n1"].BootMedia));
        Assert.Equal("eui.0025385b71b12345", disks["nvme0n1"].Wwn);
        Assert.Equal([("eno1", "ac:1f:6b:00:00:01", (int?)10000, (bool?)true), ("eno2", "ac:1f:6b:00:00:02", null, false)],
            inventory.Nics!.Select(n => (n.Name, n.Mac!, n.SpeedMbps, n.LinkUp)));
        var gpu = Assert.Single(inventory.Gpus!);
        Assert.Equal(("10de", "1eb8"), (gpu.VendorId, gpu.DeviceId));
    }

    [Fact]
    public async Task Missing_tools_leave_their_sections_null_without_failing_the_stage()
    {
        var files = new FakeSystemFiles().File("/proc/meminfo", Testdata.Read("meminfo.txt"));

        var outcome = await new InventoryStage().RunAsync(Contexts.For(new FakeToolRunner(), files), CancellationToken.None);
        var inventory = outcome.Result.Inventory!;

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Null(inventory.Cpu);
        Assert.Null(inventory.Disks);
        Assert.Null(inventory.Nics);
        Assert.Null(inventory.Pci);
        Assert.Null(inventory.Gpus);
        Assert.Null(inventory.Memory!.InstalledBytes);
        Assert.NotNull(inventory.Memory.UsableBytes);
        Assert.Contains("lsblk: lsblk: not found", outcome.Result.Summary, StringComparison.Ordinal);
    }
}
