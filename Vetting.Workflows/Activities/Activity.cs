using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Activities;

/// <summary>
/// Base class of every activity. A fresh instance is created for each execution and its [Input] properties are
/// bound from the definition's expressions, so activities keep no state between executions: what must survive a
/// suspension goes into a bookmark payload, a variable or the output.
/// </summary>
public abstract class Activity
{
    public const string DoneOutcome = "Done";
    public const string FaultedOutcome = "Faulted";
    public const string TimedOutOutcome = "TimedOut";

    /// <summary>Runs the activity. It must either complete with outcomes or create at least one bookmark.</summary>
    public abstract ValueTask ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when one of this activity's bookmarks is resumed by a stimulus or its timer.</summary>
    public virtual ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        context.Complete(resume.TimedOut ? TimedOutOutcome : DoneOutcome);
        return ValueTask.CompletedTask;
    }
}

/// <summary>What woke a suspended activity.</summary>
public sealed record ResumeContext(Bookmark Bookmark, JsonElement? Input, bool TimedOut)
{
    /// <summary>The payload the activity stored with its bookmark, read back as the record it was written from.</summary>
    public T? Payload<T>() => Bookmark.Payload is { ValueKind: not JsonValueKind.Null } payload ? payload.Deserialize<T>(WorkflowJson.Compact) : default;

    /// <summary>What the resumer sent, as the record it sent; default when it sent nothing (or a timer fired).</summary>
    public T? InputAs<T>() => Input is { ValueKind: not JsonValueKind.Null } input ? input.Deserialize<T>(WorkflowJson.Compact) : default;

    /// <summary>As <see cref="InputAs{T}()"/>, with the caller's serialization contract (e.g. a source-generated wire type).</summary>
    public T? InputAs<T>(JsonTypeInfo<T> type) => Input is { ValueKind: not JsonValueKind.Null } input ? input.Deserialize(type) : default;
}
