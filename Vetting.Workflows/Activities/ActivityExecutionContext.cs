using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Expressions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Activities;

/// <summary>The activity's view of the running instance: completion, bookmarks, variables, inputs and services.</summary>
public sealed class ActivityExecutionContext
{
    private readonly WorkflowExecution _execution;
    private List<string>? _outcomes;

    internal ActivityExecutionContext(WorkflowExecution execution, ActivityNode node)
    {
        _execution = execution;
        Node = node;
    }

    public ActivityNode Node { get; }
    public string ActivityId => Node.Id;
    public WorkflowInstance Instance => _execution.Instance;
    public IServiceProvider Services => _execution.Services;
    public CancellationToken CancellationToken => _execution.CancellationToken;
    public DateTimeOffset Now => _execution.Clock.GetUtcNow();

    internal bool IsCompleted => _outcomes is not null;
    internal IReadOnlyList<string> Outcomes => _outcomes ?? [];
    internal int BookmarksCreated { get; private set; }

    public T GetRequiredService<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Completes the activity; the runner follows the connections leaving each named port.</summary>
    public void Complete(params string[] outcomes)
    {
        _outcomes ??= new List<string>(outcomes.Length);
        _outcomes.AddRange(outcomes);
    }

    public void Complete(string outcome)
    {
        _outcomes ??= new List<string>(1);
        _outcomes.Add(outcome);
    }

    /// <summary>
    /// Suspends the activity until a stimulus with this <paramref name="name"/> and <paramref name="stimulus"/>
    /// arrives, or until <paramref name="resumeAt"/> (then <see cref="ResumeContext.TimedOut"/> is set).
    /// </summary>
    public Bookmark CreateBookmark(string name, object? stimulus = null, DateTimeOffset? resumeAt = null, object? payload = null)
    {
        var bookmark = new Bookmark(
            Guid.NewGuid().ToString("N"),
            Instance.Id,
            Node.Id,
            name,
            BookmarkHash.Compute(name, stimulus),
            payload is null ? null : ToElement(payload),
            resumeAt,
            Now);
        Instance.Bookmarks.Add(bookmark);
        BookmarksCreated++;
        return bookmark;
    }

    public T? GetVariable<T>(string name) =>
        Instance.Variables.TryGetValue(name, out var value) ? ValueConverter.FromElement<T>(value) : default;

    /// <summary>Sets a variable; one the workflow declares gets its declared type (<c>"3"</c> becomes 3 for an Int32).</summary>
    public void SetVariable(string name, object? value)
    {
        var element = ToElement(value);
        Instance.Variables[name] = Variables.FirstOrDefault(v => v.Name == name)?.ToDeclaredType(element) ?? element;
    }

    /// <summary>The variable of this workflow a reference names (by id, then by name), or null when it declares none such.</summary>
    public VariableDefinition? FindVariable(VariableReference reference) => reference.Resolve(Variables);

    private IReadOnlyList<VariableDefinition> Variables => _execution.Graph.Definition.Variables;

    /// <summary>A workflow input given when the instance was started (e.g. the run id).</summary>
    public T? GetWorkflowInput<T>(string name) =>
        Instance.Input.TryGetValue(name, out var value) ? ValueConverter.FromElement<T>(value) : default;

    public void SetOutput(object? value) => Instance.Outputs[Node.Id] = ToElement(value);

    public void AddJournal(string @event, string? error = null) =>
        _execution.Journal(new JournalEntry(Instance.Id, JournalKinds.Activity, @event, Now, Node.Id, Node.Type, Error: error));

    private static JsonElement ToElement(object? value) =>
        value is JsonElement e ? e : JsonSerializer.SerializeToElement(value, WorkflowJson.Compact);
}
