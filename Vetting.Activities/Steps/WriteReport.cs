using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

[Activity("Vetting", "WriteReport", Category = VettingActivity.Category, DisplayName = "Write Report",
    Description = "Writes report.json and report.html into the run's artifacts.")]
public sealed class WriteReport : VettingActivity
{
    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var runId = RunId(context);
        var run = await Runs(context).GetAsync(runId, context.CancellationToken);
        if (run.Failure is null)
        {
            await Runs(context).SetStateAsync(runId, RunStates.Reporting, context.CancellationToken);
        }

        await Runs(context).WriteReportAsync(runId, context.CancellationToken);
        context.Complete(DoneOutcome);
    }
}
