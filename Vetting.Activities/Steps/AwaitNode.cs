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

    /// <summary>Why the run failed when nothing came within <paramref name="waited"/> (e.g. "10 min", "20 s"), and what to check.</summary>
    protected abstract RunFailure TimedOutFailure(string waited);

    protected void WaitForNode(ActivityExecutionContext context, int runId)
    {
        var timeout = TimeoutInput ?? DefaultTimeout(context.GetRequiredService<ActivityDefaults>());
        context.CreateBookmark(BookmarkName, new RunStimulus(runId), context.Now + timeout, new NodeWait(timeout.TotalSeconds));
    }

    /// <summary>The timeout as an operator wrote it: minutes from one minute up, seconds below (not "0.3 min").</summary>
    internal static string Waited(double? seconds) => seconds switch
    {
        null => "the timeout",
        < 60 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds:0} s"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
    };

    public override async ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        if (!resume.TimedOut)
        {
            context.Complete(DoneOutcome);
            return;
        }

        await Runs(context).FailAsync(RunId(context), TimedOutFailure(Waited(resume.Payload<NodeWait>()?.TimeoutSeconds)), context.CancellationToken);
        context.Complete(TimedOutOutcome);
    }
}
