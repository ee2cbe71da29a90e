namespace Vetting.Protocol.Hardware;

public sealed record CpuInfo
{
    public string? Model { get; init; }

    public int? Sockets { get; init; }

    public int? PhysicalCores { get; init; }

    /// <summary>Hardware threads across all sockets.</summary>
    public int? LogicalCores { get; init; }

    public IReadOnlyList<string>? Flags { get; init; }
}
