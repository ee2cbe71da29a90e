namespace Vetting.Workflows.Hosting;

public sealed class WorkflowRuntimeOptions
{
    /// <summary>Longest sleep of the timer service between looks for due timers.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most activities one step may execute before it must wait for something (a bookmark, a timer). A definition
    /// that loops without waiting (FlowDecision ↔ SetVariable) is faulted at this count with an incident naming the
    /// loop, instead of holding its instance lock and a thread forever.
    /// </summary>
    public int MaxActivitiesPerStep { get; set; } = 10_000;

    /// <summary>
    /// Stamped on every instance this process starts; its timer service fires only the timers of instances of this
    /// partition (null: all). Processes that share a store but serve different places (sites) set different ones.
    /// </summary>
    public string? Partition { get; set; }

    /// <summary>Folder whose <c>*.json</c> definitions are imported at start-up; none when null.</summary>
    public string? DefinitionsDirectory { get; set; }
}
