using Vetting.Workflows.Activities;

namespace Vetting.Bench;

/// <summary>The smallest useful step: reads its input and completes.</summary>
[Activity("Bench", "Step")]
public sealed class BenchStep : Activity
{
    [Input]
    public int Index { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Waits for <c>Bench.Wait {key}</c>; every resume loops back to wait again, so one instance can be resumed forever.</summary>
[Activity("Bench", "Wait")]
public sealed class BenchWait : Activity
{
    [Input]
    public string Key { get; set; } = "";

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CreateBookmark("Bench.Wait", new { key = Key }, context.Now.AddMinutes(10));
        return ValueTask.CompletedTask;
    }
}
