namespace Vetting.Workflows.Runtime;

/// <summary>One step of one instance: the state being advanced, the graph it follows and what the step journals.</summary>
internal sealed class WorkflowExecution(
    WorkflowInstance instance,
    WorkflowGraph graph,
    IServiceProvider services,
    TimeProvider clock,
    CancellationToken cancellationToken,
    int maxActivities = int.MaxValue)
{
    /// <summary>Activities this step may still execute (see WorkflowRuntimeOptions.MaxActivitiesPerStep).</summary>
    public int MaxActivities { get; } = maxActivities;

    /// <summary>How often each activity ran in this step, to name a loop that exhausts the budget.</summary>
    public Dictionary<string, int> Executions { get; } = [];

    /// <summary>Activities executed in this step so far.</summary>
    public int Executed { get; set; }

    public WorkflowInstance Instance { get; } = instance;
    public WorkflowGraph Graph { get; } = graph;
    public IServiceProvider Services { get; } = services;
    public TimeProvider Clock { get; } = clock;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public List<JournalEntry> NewJournal { get; } = new(16);

    public void Journal(JournalEntry entry) => NewJournal.Add(entry);

    public void JournalInstance(string @event, string? error = null) =>
        NewJournal.Add(new JournalEntry(Instance.Id, JournalKinds.Instance, @event, Clock.GetUtcNow(), Error: error));
}
