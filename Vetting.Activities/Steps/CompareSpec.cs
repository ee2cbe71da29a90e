using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

[Activity("Vetting", "CompareSpec", Category = VettingActivity.Category, DisplayName = "Compare Spec",
    Description = "Compares the collected inventory with the host's expected spec; only 'fail' diffs count as a mismatch.",
    Outcomes = ["Match", "Mismatch"])]
public sealed class CompareSpec : VettingActivity
{
    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var runId = RunId(context);
        await Runs(context).SetStateAsync(runId, RunStates.Inventory, context.CancellationToken);
        var match = await Runs(context).CompareSpecAsync(runId, context.CancellationToken);
        context.Complete(match ? "Match" : "Mismatch");
    }
}
