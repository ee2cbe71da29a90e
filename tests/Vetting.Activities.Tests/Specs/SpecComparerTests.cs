using Vetting.Activities.Specs;
using Vetting.Protocol.Hardware;
using static Vetting.Activities.Tests.Specs.TestInventories;

namespace Vetting.Activities.Tests.Specs;

public sealed class SpecComparerTests
{
    [Fact]
    public void Seed_spec_passes_on_a_4_gib_vm_whose_memtotal_is_lower()
    {
        var vm = Vm(installedBytes: 4 * Gib);
        Assert.True(vm.Memory!.UsableBytes < 3.9 * Gib);

        Assert.Empty(Compare(SpecExamples.Seed, vm));
    }

    [Fact]
    public void Seed_spec_passes_on_a_4_gib_vm_that_only_reports_memtotal()
    {
        var vm = Vm(installedBytes: 4 * Gib);
        vm = vm with { Memory = vm.Memory! with { InstalledBytes = null, UsableBytes = (long)(3.8 * Gib) } };

        Assert.Empty(Compare(SpecExamples.Seed, vm));
    }

    [Fact]
    public void Seed_spec_fails_on_a_2_gib_vm()
    {
        var diffs = Compare(SpecExamples.Seed, Vm(installedBytes: 2 * Gib));

        Assert.Equal([new SpecDiff("memory.total_gib", "4", "2", SpecSeverity.Fail)], diffs);
    }

    [Fact]
    public void Seed_spec_fails_on_a_vm_with_fewer_cores()
    {
        var diffs = Compare(SpecExamples.Seed, Vm(installedBytes: 4 * Gib, logicalCores: 2));

        Assert.Equal([new SpecDiff("cpu.logical_cores", "4", "2", SpecSeverity.Fail)], diffs);
    }

    [Theory]
    [InlineData(64.0, true)]
    [InlineData(63.0, true)]
    [InlineData(62.5, false)]
    [InlineData(65.2, true)]
    [InlineData(65.5, false)]
    public void Memory_tolerance_is_two_percent_for_large_sizes(double installedGib, bool passes)
    {
        var inventory = new Inventory { Memory = new MemoryInfo { InstalledBytes = (long)(installedGib * Gib) } };

        Assert.Equal(passes, Compare("memory: { total_gib: 64 }", inventory).Count == 0);
    }

    [Theory]
    [InlineData(3.76, true)]
    [InlineData(3.74, false)]
    [InlineData(4.24, true)]
    [InlineData(4.26, false)]
    public void Memory_tolerance_is_a_quarter_gib_for_small_sizes(double installedGib, bool passes)
    {
        var inventory = new Inventory { Memory = new MemoryInfo { InstalledBytes = (long)(installedGib * Gib) } };

        Assert.Equal(passes, Compare("memory: { total_gib: 4 }", inventory).Count == 0);
    }

    [Fact]
    public void Contract_example_against_the_contract_inventory_reports_only_the_mismatches()
    {
        var diffs = Compare(SpecExamples.Contract, Contract());

        Assert.Equal(
            [
                new SpecDiff("memory.dimm_count", "2", "1", SpecSeverity.Fail),
                new SpecDiff("disks[0]", "count 2 of model Samsung SSD 970*, size_gb >= 900, rotational false", "1 matching", SpecSeverity.Fail),
                new SpecDiff("disks[1]", "count 1 of serial ZL2ABC12", "0 matching", SpecSeverity.Fail),
                new SpecDiff("nics[0]", "count 2 of speed_mbps >= 10000", "1 matching", SpecSeverity.Fail),
            ],
            diffs);
    }

    [Fact]
    public void Contract_diff_examples_are_produced_word_for_word()
    {
        var inventory = Contract();
        inventory = inventory with { Cpu = inventory.Cpu! with { LogicalCores = 16 } };

        var diffs = Compare("""
            cpu: { logical_cores: 20 }
            disks:
              - { model: "Samsung SSD 970*", count: 2 }
            """, inventory);

        Assert.Equal(
            [
                new SpecDiff("cpu.logical_cores", "20", "16", SpecSeverity.Fail),
                new SpecDiff("disks[0]", "count 2 of model Samsung SSD 970*", "1 matching", SpecSeverity.Fail),
            ],
            diffs);
    }

    [Theory]
    [InlineData("Supermicro")]
    [InlineData("SUPERMICRO")]
    [InlineData("super*")]
    [InlineData("Supermicr?")]
    [InlineData("*micro")]
    [InlineData("/^Super/")]
    [InlineData("/micro$/")]
    [InlineData("/(?i)SUPERMICRO/")]
    public void String_matchers_that_match(string expected) =>
        Assert.Empty(Compare($"system: {{ vendor: '{expected}' }}", Contract()));

    [Theory]
    [InlineData("Supermicro Inc")]
    [InlineData("Super")]
    [InlineData("Supermic?")]
    [InlineData("Dell*")]
    [InlineData("/^micro/")]
    [InlineData("/SUPERMICRO/")]
    [InlineData("Super.icro")]
    public void String_matchers_that_do_not_match(string expected) =>
        Assert.Equal([new SpecDiff("system.vendor", expected, "Supermicro", SpecSeverity.Fail)], Compare($"system: {{ vendor: '{expected}' }}", Contract()));

    [Theory]
    [InlineData("{ min: 16 }", null)]
    [InlineData("{ max: 20 }", null)]
    [InlineData("{ min: 20, max: 20 }", null)]
    [InlineData("{ min: 24 }", ">= 24")]
    [InlineData("{ max: 16 }", "<= 16")]
    [InlineData("{ min: 8, max: 16 }", "between 8 and 16")]
    [InlineData("{ equals: 24 }", "24")]
    public void Number_bounds(string matcher, string? failsWithExpected)
    {
        var diffs = Compare($"cpu: {{ logical_cores: {matcher} }}", Contract());

        Assert.Equal(failsWithExpected is null ? [] : [new SpecDiff("cpu.logical_cores", failsWithExpected, "20", SpecSeverity.Fail)], diffs);
    }

    [Fact]
    public void Booleans_compare_exactly()
    {
        Assert.Empty(Compare("memory: { ecc: true }", Contract()));
        Assert.Equal([new SpecDiff("memory.ecc", "false", "true", SpecSeverity.Fail)], Compare("memory: { ecc: false }", Contract()));
    }

    [Fact]
    public void Severity_warn_marks_only_that_field()
    {
        var diffs = Compare("""
            bios: { vendor: Phoenix, version: { equals: "3.5", severity: warn }, date: { equals: "2021-*", severity: fail } }
            cpu: { logical_cores: { min: 32, severity: warn } }
            """, Contract());

        Assert.Equal(
            [
                new SpecDiff("bios.vendor", "Phoenix", "AMI", SpecSeverity.Fail),
                new SpecDiff("bios.version", "3.5", "3.4", SpecSeverity.Warn),
                new SpecDiff("cpu.logical_cores", ">= 32", "20", SpecSeverity.Warn),
            ],
            diffs);
    }

    [Fact]
    public void Cpu_flags_must_all_be_present()
    {
        Assert.Empty(Compare("cpu: { flags: [vmx, AES] }", Contract()));
        Assert.Equal(
            [new SpecDiff("cpu.flags", "includes vmx, avx512f, sse4_2", "missing avx512f, sse4_2", SpecSeverity.Warn)],
            Compare("cpu: { flags: { includes: [vmx, avx512f, sse4_2], severity: warn } }", Contract()));
    }

    [Fact]
    public void Unknown_inventory_values_are_mismatches_reported_as_unknown()
    {
        var inventory = new Inventory { System = new SystemInfo { Vendor = "Supermicro" }, Memory = new MemoryInfo() };

        var diffs = Compare("""
            system: { vendor: Supermicro, serial: "*" }
            cpu: { logical_cores: { min: 1 }, flags: [vmx] }
            memory: { total_gib: 4, dimm_count: 1, ecc: false }
            disks:
              - { count: 0 }
            """, inventory);

        Assert.Equal(
            [
                new SpecDiff("system.serial", "*", "unknown", SpecSeverity.Fail),
                new SpecDiff("cpu.logical_cores", ">= 1", "unknown", SpecSeverity.Fail),
                new SpecDiff("cpu.flags", "includes vmx", "unknown", SpecSeverity.Fail),
                new SpecDiff("memory.total_gib", "4", "unknown", SpecSeverity.Fail),
                new SpecDiff("memory.dimm_count", "1", "unknown", SpecSeverity.Fail),
                new SpecDiff("memory.ecc", "false", "unknown", SpecSeverity.Fail),
                new SpecDiff("disks[0]", "count 0 of any disk", "unknown", SpecSeverity.Fail),
            ],
            diffs);
    }

    [Fact]
    public void A_device_whose_field_is_unknown_does_not_match_it()
    {
        var inventory = new Inventory { Disks = [Disk("sda", model: null, serial: "ZL2ABC12")] };

        Assert.Equal(
            [new SpecDiff("disks[0]", "count 1 of model *", "0 matching", SpecSeverity.Fail)],
            Compare("disks: [ { model: '*' } ]", inventory));
        Assert.Empty(Compare("disks: [ { serial: ZL2ABC12 } ]", inventory));
    }

    [Fact]
    public void Spec_without_expectations_passes_any_inventory() =>
        Assert.Empty(Compare("thresholds: { cpu: { max_temp_c: 90 } }", new Inventory()));

    private static IReadOnlyList<SpecDiff> Compare(string yaml, Inventory inventory) =>
        SpecComparer.Compare(ExpectedSpecParser.Parse(yaml), inventory);
}
