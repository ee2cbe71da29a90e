using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>
/// What <see cref="AwaitBoot"/> and <see cref="AwaitHello"/> share: a bookmark for the node's next sign of life with
/// a deadline, resumed by the server when it comes (<c>Done</c>); at the deadline the run fails with a reason and
/// advice on what to check (<c>TimedOut</c>).
/// </summary>
public abstract class AwaitNode : VettingActivity
{
    /// <summary>The activity's <c>Timeout</c> input; empty means the configured default.</summary>
    protected abstract TimeSpan? TimeoutInput { get; }

    protected abstract string BookmarkName { get; }

    protected abstract TimeSpan DefaultTimeout(ActivityDefaults defaults);

    /// <summary>Why the run failed when nothing came within <paramref name="minutes"/>, and what to check.</summary>
    protected abstract RunFailure TimedOutFailure(double? minutes);

    protected void WaitForNode(ActivityExecutionContext context, int runId)
    {
        var timeout = TimeoutInput ?? DefaultTimeout(context.GetRequiredService<ActivityDefaults>());
        context.CreateBookmark(BookmarkName, new RunStimulus(runId), context.Now + timeout, new NodeWait(timeout.TotalSeconds));
    }

    public override async ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        if (!resume.TimedOut)
        {
            context.Complete(DoneOutcome);
            return;
        }

        var minutes = resume.Payload<NodeWait>()?.TimeoutSeconds / 60;
        await Runs(context).FailAsync(RunId(context), TimedOutFailure(minutes), context.CancellationToken);
        context.Complete(TimedOutOutcome);
    }
}
