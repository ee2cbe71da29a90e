using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

[Activity("Vetting", "SendWoL", Category = VettingActivity.Category, DisplayName = "Send Wake-on-LAN",
    Description = "Sends a magic packet to the host's MAC on its broadcast address.")]
public sealed class SendWoL : VettingActivity
{
    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var runId = RunId(context);
        var run = await Runs(context).GetAsync(runId, context.CancellationToken);
        await Runs(context).SetStateAsync(runId, RunStates.WaitingWoL, context.CancellationToken);
        await context.GetRequiredService<IWakeOnLan>().SendAsync(run.Mac, run.WolBroadcast, context.CancellationToken);
        context.Complete(DoneOutcome);
    }
}
