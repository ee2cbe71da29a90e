namespace Vetting.Protocol;

/// <summary>
/// Names in an instruction's <see cref="InstructionParameters.Thresholds"/> that the agent's verdicts read, and
/// the stage each belongs to. The expected-spec parser refuses any other name, so a threshold the agent would
/// ignore never looks as if it were enforced.
/// </summary>
public static class ThresholdNames
{
    /// <summary>cpu: the hottest sensor reading allowed during the stress (°C).</summary>
    public const string MaxTempC = "max_temp_c";

    /// <summary>storage: the lowest sequential read throughput per disk (MB/s).</summary>
    public const string MinSeqReadMbps = "min_seq_read_mbps";

    /// <summary>network: the lowest throughput per direction, as a percentage of the link speed.</summary>
    public const string MinThroughputPct = "min_throughput_pct";

    /// <summary>network: the lowest throughput per direction (Mbit/s), for links with no reported speed.</summary>
    public const string MinThroughputMbps = "min_throughput_mbps";

    /// <summary>network: the lowest negotiated link speed (Mbit/s).</summary>
    public const string MinLinkSpeedMbps = "min_link_speed_mbps";

    /// <summary>Every stage that takes thresholds, with the names it reads (memory reads none).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByStage { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [StageNames.Cpu] = [MaxTempC],
        [StageNames.Memory] = [],
        [StageNames.Storage] = [MinSeqReadMbps],
        [StageNames.Network] = [MinThroughputPct, MinThroughputMbps, MinLinkSpeedMbps],
    };
}
