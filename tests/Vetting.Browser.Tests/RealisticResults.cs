using Vetting.Protocol;
using Vetting.Server.Tests.Support;

namespace Vetting.Browser.Tests;

/// <summary>Stage results with the measurements a real agent reports, so the run page has something to chart.</summary>
internal static class RealisticResults
{
    public static StageResult For(string stage) => SimulatedAgent.Results.Pass(stage) with
    {
        Summary = stage switch
        {
            "cpu" => "3 stressors, 1668 bogo ops/s, max 71 °C",
            "memory" => "memtester covered 92 % of 3.6 GiB, no errors",
            "storage" => "2 disks, seq read 512 and 188 MB/s",
            "network" => "ens3: 941 Mbit/s down, 936 up of 1000",
            _ => $"{stage} ok",
        },
        Measurements = stage switch
        {
            "cpu" => [M("cpu_bogo_ops_per_s", 812, "ops/s"), M("matrix_bogo_ops_per_s", 455, "ops/s"), M("vm_bogo_ops_per_s", 401, "ops/s"), M("max_temp", 71, "C")],
            "memory" => [M("memory_coverage", 92, "%"), M("memory_tested", 3686, "MB")],
            "storage" => [M("seq_read", 512, "MB/s", "vda"), M("seq_read", 188, "MB/s", "vdb")],
            "network" => [M("link_speed", 1000, "Mbit/s", "ens3"), M("throughput_rx", 941, "Mbit/s", "ens3"), M("throughput_tx", 936, "Mbit/s", "ens3")],
            _ => [],
        },
    };

    private static Measurement M(string name, double value, string unit, string? device = null) =>
        new() { Name = name, Value = value, Unit = unit, Device = device };
}
