using Vetting.Activities.Specs;
using Vetting.Protocol.Hardware;
using static Vetting.Activities.Tests.Specs.TestInventories;

namespace Vetting.Activities.Tests.Specs;

public sealed class DeviceListTests
{
    private static readonly Inventory Server = new()
    {
        Disks =
        [
            Disk("nvme0n1", "Samsung SSD 970 EVO Plus 1TB", "S4EWNX0R1", sizeBytes: 1_000_204_886_016),
            Disk("nvme1n1", "Samsung SSD 970 EVO Plus 1TB", "S4EWNX0R2", sizeBytes: 1_000_204_886_016),
            Disk("sda", "ST4000NM0035-1V4107", "ZL2ABC12", sizeBytes: 4_000_787_030_016, rotational: true) with { Wwn = "0x5000c500a1b2c3d4", Transport = "sata" },
        ],
        Nics =
        [
            new NicInfo { Name = "eno1", Mac = "AC:1F:6B:00:00:01", Driver = "ixgbe", LinkUp = true, SpeedMbps = 10000 },
            new NicInfo { Name = "eno2", Mac = "ac:1f:6b:00:00:02", Driver = "ixgbe", LinkUp = true, SpeedMbps = 10000 },
            new NicInfo { Name = "enp4s0", Mac = "00:25:90:aa:bb:cc", Driver = "igb", LinkUp = false, SpeedMbps = null },
        ],
        Pci =
        [
            new PciDeviceInfo { Address = "0000:3b:00.0", VendorId = "8086", DeviceId = "1563", Class = "0200" },
            new PciDeviceInfo { Address = "0000:3b:00.1", VendorId = "8086", DeviceId = "1563", Class = "0200" },
            new PciDeviceInfo { Address = "0000:af:00.0", VendorId = "10de", DeviceId = "1eb8", Class = "0302" },
        ],
        Gpus = [new GpuInfo { VendorId = "10de", DeviceId = "1eb8", Name = "Tesla T4" }],
    };

    [Theory]
    [InlineData("disks: [ { model: 'Samsung SSD 970*', count: 2 } ]")]
    [InlineData("disks: [ { model: 'samsung ssd 970 evo plus 1tb', count: 2 } ]")]
    [InlineData("disks: [ { serial: ZL2ABC12 } ]")]
    [InlineData("disks: [ { wwn: '0x5000c500a1b2c3d4', rotational: true, transport: sata } ]")]
    [InlineData("disks: [ { count: 3 } ]")]
    [InlineData("disks: [ { count: { min: 1 } } ]")]
    [InlineData("disks: [ { size_gb: { min: 900, max: 1100 }, count: 2 } ]")]
    [InlineData("disks: [ { size_gb: 4000.79, count: 0 }, { size_gb: { min: 4000 } } ]")]
    [InlineData("disks: [ { rotational: false, count: 2 }, { model: 'Samsung*', count: 2 } ]")]
    [InlineData("gpus: [ { vendor_id: 10de, device_id: 1eb8, name: 'Tesla *' } ]")]
    [InlineData("gpus: [ { vendor_id: 10DE } ]")]
    [InlineData("pci: [ { vendor_id: 8086, device_id: 1563, class: 0200, count: 2 } ]")]
    [InlineData("pci: [ { class: '03*' } ]")]
    [InlineData("nics: [ { speed_mbps: { min: 10000 }, count: 2 } ]")]
    [InlineData("nics: [ { mac: 'ac:1f:6b:00:00:01' } ]")]
    [InlineData("nics: [ { mac: AC-1F-6B-00-00-02, driver: ixgbe } ]")]
    [InlineData("nics: [ { mac: 002590aabbcc } ]")]
    [InlineData("nics: [ { mac: 'ac:1f:6b:*', count: 2 } ]")]
    [InlineData("nics: [ { driver: igb } ]")]
    public void Entries_that_match(string yaml) => Assert.Empty(Compare(yaml));

    [Theory]
    [InlineData("disks: [ { model: 'Samsung SSD 970*' } ]", "count 1 of model Samsung SSD 970*", "2 matching")]
    [InlineData("disks: [ { model: 'Samsung SSD 970*', count: 3 } ]", "count 3 of model Samsung SSD 970*", "2 matching")]
    [InlineData("disks: [ { count: { min: 4 } } ]", "count >= 4 of any disk", "3 matching")]
    [InlineData("disks: [ { count: { max: 2 } } ]", "count <= 2 of any disk", "3 matching")]
    [InlineData("disks: [ { size_gb: { min: 1001 }, rotational: false } ]", "count 1 of size_gb >= 1001, rotational false", "0 matching")]
    [InlineData("disks: [ { serial: ZL2ABC13 } ]", "count 1 of serial ZL2ABC13", "0 matching")]
    [InlineData("gpus: [ { count: 0 } ]", "count 0 of any gpu", "1 matching")]
    [InlineData("pci: [ { vendor_id: 8086, count: 4 } ]", "count 4 of vendor_id 8086", "2 matching")]
    [InlineData("nics: [ { speed_mbps: 10000, count: 3 } ]", "count 3 of speed_mbps 10000", "2 matching")]
    [InlineData("nics: [ { mac: 'ac:1f:6b:00:00:03' } ]", "count 1 of mac ac:1f:6b:00:00:03", "0 matching")]
    public void Entries_that_do_not_match(string yaml, string expected, string actual) =>
        Assert.Equal([new SpecDiff(yaml.Split(':')[0] + "[0]", expected, actual, SpecSeverity.Fail)], Compare(yaml));

    [Fact]
    public void Entry_severity_applies_to_its_count()
    {
        var diffs = Compare("""
            disks:
              - { model: "Samsung*", count: 2 }
              - { model: "WDC*", severity: warn }
              - { rotational: true, count: 2, severity: fail }
            """);

        Assert.Equal(
            [
                new SpecDiff("disks[1]", "count 1 of model WDC*", "0 matching", SpecSeverity.Warn),
                new SpecDiff("disks[2]", "count 2 of rotational true", "1 matching", SpecSeverity.Fail),
            ],
            diffs);
    }

    [Fact]
    public void Mac_written_in_any_spelling_is_shown_in_normal_form() =>
        Assert.Equal("count 1 of mac ac:1f:6b:00:00:09", ExpectedSpecParser.Parse("nics: [ { mac: AC1F6B000009 } ]").Expectations[0].Expected);

    [Fact]
    public void A_nic_entry_may_set_network_thresholds_for_the_nics_it_matches()
    {
        var spec = ExpectedSpecParser.Parse("""
            nics:
              - { speed_mbps: 10000, count: 2, min_throughput_pct: 60 }
              - { mac: "00:25:90:aa:bb:cc", min_throughput_mbps: 200 }
            """);

        Assert.Empty(SpecComparer.Compare(spec, Server));
        Assert.Equal(["count 2 of speed_mbps 10000", "count 1 of mac 00:25:90:aa:bb:cc"], spec.Expectations.Select(e => e.Expected));
        Assert.Equal(
            [
                ("nics[0]", "network", "min_throughput_pct=60", "AC:1F:6B:00:00:01 ac:1f:6b:00:00:02"),
                ("nics[1]", "network", "min_throughput_mbps=200", "00:25:90:aa:bb:cc"),
            ],
            spec.DeviceThresholds.Select(t => (t.Path, t.Stage, string.Join(",", t.Values.Select(v => $"{v.Key}={v.Value}")), string.Join(" ", t.DeviceKeys(Server)))));
    }

    [Theory]
    [InlineData("nics: [ { mac: 'ac:1f:6b:00:00:01', min_throughput_mbps: -5 } ]", "nics[0].min_throughput_mbps", "expected a number greater than 0")]
    [InlineData("nics: [ { mac: 'ac:1f:6b:00:00:01', min_throughput_pct: fast } ]", "nics[0].min_throughput_pct", "expected a number, got \"fast\"")]
    [InlineData("disks: [ { model: 'x', min_throughput_mbps: 100 } ]", "disks[0].min_throughput_mbps", "unknown key")]
    [InlineData("nics: [ { mac: 'ac:1f:6b:00:00:01', min_link_speed_mbps: 100 } ]", "nics[0].min_link_speed_mbps", "unknown key")]
    public void Device_thresholds_are_checked_when_the_spec_is_saved(string yaml, string path, string message)
    {
        var error = Assert.Single(ExpectedSpecParser.Validate(yaml));
        Assert.Equal((1, path), (error.Line, error.Path));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<SpecDiff> Compare(string yaml) => SpecComparer.Compare(ExpectedSpecParser.Parse(yaml), Server);
}
