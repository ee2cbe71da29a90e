namespace Vetting.Workflows.Hosting;

public sealed class WorkflowRuntimeOptions
{
    /// <summary>Longest sleep of the timer service between looks for due timers.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Folder whose <c>*.json</c> definitions are imported at start-up; none when null.</summary>
    public string? DefinitionsDirectory { get; set; }
}
