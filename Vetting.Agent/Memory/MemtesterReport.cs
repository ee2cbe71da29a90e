namespace Vetting.Agent.Memory;

/// <summary>What memtester printed.</summary>
public sealed record MemtesterReport
{
    /// <summary>Every "FAILURE: ..." message, in order.</summary>
    public required IReadOnlyList<string> Failures { get; init; }

    /// <summary>Tests that printed "ok".</summary>
    public required int TestsPassed { get; init; }

    /// <summary>Tests started but not ended with "ok": failed, or cut off by the time limit.</summary>
    public required IReadOnlyList<string> TestsNotOk { get; init; }

    /// <summary>Megabytes memtester actually locked and tested ("got N MB").</summary>
    public long? TestedMb { get; init; }

    /// <summary>memtester printed "Done.": every loop finished.</summary>
    public required bool Completed { get; init; }

    /// <summary>memtester could not allocate or lock memory at all.</summary>
    public string? SetupProblem { get; init; }
}
