using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>Waits for the agent's hello from the live image.</summary>
[Activity("Vetting", "AwaitHello", Category = VettingActivity.Category, DisplayName = "Await Hello",
    Description = "Waits until the agent in the live image says hello.", Outcomes = ["Done", "TimedOut"])]
public sealed class AwaitHello : AwaitNode
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

        WaitForNode(context, runId);
    }

    protected override TimeSpan? TimeoutInput => Timeout;

    protected override string BookmarkName => VettingBookmarks.Hello;

    protected override TimeSpan DefaultTimeout(ActivityDefaults defaults) => defaults.HelloTimeout;

    protected override RunFailure TimedOutFailure(string waited) => new(null, "hello-timeout",
        $"The node fetched its boot script but the agent did not say hello within {waited}. The live image probably " +
        "booted but cannot reach the orchestrator: check that vetting.orchestrator= on the kernel command line (server.public_url) " +
        "is reachable from the node's network, and that the image in pxe.image_dir contains the agent.");
}
