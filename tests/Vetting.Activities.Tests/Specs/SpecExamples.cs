namespace Vetting.Activities.Tests.Specs;

internal static class SpecExamples
{
    /// <summary>The expected-spec example of spec-and-inventory.md, verbatim.</summary>
    public const string Contract = """
        system:  { vendor: "Supermicro", product: "X11SPi-*" }
        bios:    { vendor: AMI, version: { equals: "3.4", severity: warn } }
        cpu:     { model: "*Silver 4210R*", sockets: 1, physical_cores: 10, logical_cores: 20 }
        memory:  { total_gib: 64, dimm_count: 2, ecc: true }
        disks:
          - { model: "Samsung SSD 970*", size_gb: { min: 900 }, count: 2, rotational: false }
          - { serial: "ZL2ABC12" }
        nics:
          - { speed_mbps: { min: 10000 }, count: 2 }
          - { mac: "ac:1f:6b:00:00:01" }
        gpus:
          - { vendor_id: "10de", device_id: "1eb8", count: 1 }
        thresholds:
          cpu:     { max_temp_c: 90 }
          storage: { min_seq_read_mbps: 400 }
          network: { min_throughput_pct: 80 }
        """;

    /// <summary>The seed runbook's minimal spec for a QEMU test VM, as an operator pastes it.</summary>
    public const string Seed = """
        memory: { total_gib: 4 }
        cpu: { logical_cores: 4 }
        """;
}
