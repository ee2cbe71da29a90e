using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>Waits for the node to fetch its iPXE script (the server resumes it and moves the run to Booting).</summary>
[Activity("Vetting", "AwaitBoot", Category = VettingActivity.Category, DisplayName = "Await Boot",
    Description = "Waits until the node fetches its iPXE boot script.", Outcomes = ["Done", "TimedOut"])]
public sealed class AwaitBoot : VettingActivity
{
    [Input(UiHint = UiHints.TimeSpan, Description = "Empty: runs.boot_timeout from the configuration.")]
    public TimeSpan? Timeout { get; set; }

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var runId = RunId(context);
        if ((await Runs(context).GetAsync(runId, context.CancellationToken)).State == RunStates.Queued)
        {
            // Without a SendWoL before it (nodes powered on by hand) this is where the run starts waiting for boot.
            await Runs(context).SetStateAsync(runId, RunStates.WaitingWoL, context.CancellationToken);
        }

        var timeout = Timeout ?? context.GetRequiredService<ActivityDefaults>().BootTimeout;
        context.CreateBookmark(VettingBookmarks.Boot, VettingBookmarks.RunStimulus(runId), context.Now + timeout,
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
        await Runs(context).FailAsync(RunId(context), new RunFailure(null, "boot-timeout",
            $"The node did not fetch its iPXE script within {minutes:0.#} min. Check that Wake-on-LAN is enabled in its BIOS and the " +
            "broadcast address is right, that it PXE-boots from the NIC on the vetting network, that dnsmasq runs (pxe.enabled, " +
            "'journalctl -u vetting | grep dnsmasq') and that the host's MAC is the one registered."), context.CancellationToken);
        context.Complete(TimedOutOutcome);
    }
}
