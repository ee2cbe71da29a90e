using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>Waits for the node to fetch its iPXE script (the server resumes it and moves the run to Booting).</summary>
[Activity("Vetting", "AwaitBoot", Category = VettingActivity.Category, DisplayName = "Await Boot",
    Description = "Waits until the node fetches its iPXE boot script.", Outcomes = ["Done", "TimedOut"])]
public sealed class AwaitBoot : AwaitNode
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

        WaitForNode(context, runId);
    }

    protected override TimeSpan? TimeoutInput => Timeout;

    protected override string BookmarkName => VettingBookmarks.Boot;

    protected override TimeSpan DefaultTimeout(ActivityDefaults defaults) => defaults.BootTimeout;

    protected override RunFailure TimedOutFailure(string waited) => new(null, "boot-timeout",
        $"The node did not fetch its iPXE script within {waited}. Check that Wake-on-LAN is enabled in its BIOS and the " +
        "broadcast address is right, that it PXE-boots from the NIC on the vetting network, that dnsmasq runs (pxe.enabled, " +
        "'journalctl -u vetting | grep dnsmasq') and that the host's MAC is the one registered.");
}
