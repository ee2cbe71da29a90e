using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>Ends the run with its verdict and tells a live agent to power the node off.</summary>
[Activity("Vetting", "PowerOff", Category = VettingActivity.Category, DisplayName = "Power Off",
    Description = "Ends the run Passed or Failed; a live agent powers the node off.")]
public sealed class PowerOff : VettingActivity
{
    [Input(UiHint = UiHints.Dropdown, Options = ["passed", "failed"], Required = true)]
    public string Verdict { get; set; } = "";

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await Runs(context).EndRunAsync(RunId(context), Verdict, context.CancellationToken);
        context.Complete(DoneOutcome);
    }
}
