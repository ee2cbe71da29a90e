using System.Collections.Concurrent;
using System.Text.Json;
using Vetting.Workflows.Activities;

namespace Vetting.Workflows.Tests;

/// <summary>Records which activities ran, in order, per instance.</summary>
public sealed class Trace
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _byInstance = new();

    public void Add(string instanceId, string activityId) => _byInstance.GetOrAdd(instanceId, _ => new()).Enqueue(activityId);

    public IReadOnlyList<string> Of(string instanceId) => _byInstance.TryGetValue(instanceId, out var q) ? [.. q] : [];
}

[Activity("Test", "Step", Category = "Test")]
public sealed class Step : Activity
{
    [Input]
    public string? Note { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.GetRequiredService<Trace>().Add(context.Instance.Id, context.ActivityId);
        if (Note is not null)
        {
            context.SetOutput(Note);
        }

        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Completes through the ports named in <see cref="Outcomes"/> (comma separated).</summary>
[Activity("Test", "Emit", Category = "Test", Outcomes = ["A", "B", "C"])]
public sealed class Emit : Activity
{
    [Input]
    public string Outcomes { get; set; } = "A";

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.GetRequiredService<Trace>().Add(context.Instance.Id, context.ActivityId);
        context.Complete(Outcomes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Waits for stimulus <c>Test.Wait {key}</c> (or its timeout). The resume input may name the outcome
/// (<c>{"outcome": "B"}</c>); the default is Done.
/// </summary>
[Activity("Test", "Wait", Category = "Test", Outcomes = ["Done", "B", "TimedOut"])]
public sealed class Wait : Activity
{
    public const string BookmarkName = "Test.Wait";

    [Input]
    public string Key { get; set; } = "";

    [Input(UiHint = UiHints.TimeSpan)]
    public TimeSpan? Timeout { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.GetRequiredService<Trace>().Add(context.Instance.Id, context.ActivityId);
        context.CreateBookmark(BookmarkName, new { key = Key }, Timeout is { } t ? context.Now + t : null, new { key = Key });
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        context.GetRequiredService<Trace>().Add(context.Instance.Id, context.ActivityId + ":resumed");
        if (resume.TimedOut)
        {
            context.Complete(TimedOutOutcome);
        }
        else if (resume.Input is { ValueKind: JsonValueKind.Object } input && input.TryGetProperty("outcome", out var outcome))
        {
            context.Complete(outcome.GetString()!);
        }
        else
        {
            context.Complete(DoneOutcome);
        }

        return ValueTask.CompletedTask;
    }
}

[Activity("Test", "Fail", Category = "Test")]
public sealed class Fail : Activity
{
    [Input]
    public string Message { get; set; } = "boom";

    public override ValueTask ExecuteAsync(ActivityExecutionContext context) => throw new InvalidOperationException(Message);
}
