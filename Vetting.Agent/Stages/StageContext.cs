using Vetting.Agent.Tools;

namespace Vetting.Agent.Stages;

/// <summary>Everything a stage may use: its parameters, the two seams, a private work directory and progress.</summary>
public sealed class StageContext
{
    public required StageParameters Parameters { get; init; }

    public required IToolRunner Tools { get; init; }

    public required ISystemFiles Files { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>An empty directory for tool output files (e.g. stress-ng's YAML); removed after the stage.</summary>
    public required string WorkDirectory { get; init; }

    public required ProgressTracker Progress { get; init; }

    /// <summary>Set in local/demo mode: storage runs on a scratch file here instead of block devices.</summary>
    public string? ScratchDirectory { get; init; }

    /// <summary>Lines for the run log (sent with the next heartbeat or log call).</summary>
    public Action<string> Log { get; init; } = _ => { };
}
