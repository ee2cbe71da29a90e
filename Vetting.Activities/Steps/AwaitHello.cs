using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>Waits for the agent's hello from the live image.</summary>
[Activity("Vetting", "AwaitHello", Category = VettingActivity.Category, DisplayName = "Await Hello",
    Description = "Waits until the agent in the live image says hello.", Outcomes = ["Done", "TimedOut"])]
public sealed class AwaitHello : VettingActivity
{
    [Input(UiHint = UiHints.TimeSpan, Description = "Empty: runs.hello_timeout from the configuration.")]
    public TimeSpan? Timeout { get; set; }

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var runId = RunId(context);
        var run = await Runs(context).GetAsync(runId, context.CancellationToken);
        if (run.AgentAlive)
        {
            // The hello raced ahead of this step (a fast node): nothing to wait for.
            context.Complete(DoneOutcome);
            return;
        }

        var timeout = Timeout ?? context.GetRequiredService<ActivityDefaults>().HelloTimeout;
        context.CreateBookmark(VettingBookmarks.Hello, VettingBookmarks.RunStimulus(runId), context.Now + timeout,
            new { timeoutSeconds = timeout.TotalSeconds });
    }

    public override async ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        if (!resume.TimedOut)
        {
            context.Complete(DoneOutcome);
            return;
        }

        var minutes = resume.Bookmark.Payload?.GetProperty("timeoutSeconds").GetDouble() / 60;
        await Runs(context).FailAsync(RunId(context), new RunFailure(null, "hello-timeout",
            $"The node fetched its boot script but the agent did not say hello within {minutes:0.#} min. The live image probably " +
            "booted but cannot reach the orchestrator: check that vetting.orchestrator= on the kernel command line (server.public_url) " +
            "is reachable from the node's network, and that the image in pxe.image_dir contains the agent."), context.CancellationToken);
        context.Complete(TimedOutOutcome);
    }
}
