using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>
/// Keeps a failed node in the live image with a per-run SSH key until the operator overrides the wipe-probe
/// (re-run storage destructively) or releases the hold.
/// </summary>
[Activity("Vetting", "HoldForSsh", Category = VettingActivity.Category, DisplayName = "Hold for SSH",
    Description = "Installs a per-run SSH key on the agent and waits for the operator.", Outcomes = ["OverrideWipeProbe", "Released"])]
public sealed class HoldForSsh : VettingActivity
{
    public const string OverrideAction = "override";
    public const string ReleaseAction = "release";

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var runId = RunId(context);
        await Runs(context).BeginHoldAsync(runId, context.CancellationToken);
        await Runs(context).SetStateAsync(runId, RunStates.FailedHolding, context.CancellationToken);
        context.CreateBookmark(VettingBookmarks.Hold, new RunStimulus(runId));
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        context.Complete(resume.InputAs<HoldDecision>()?.Action == OverrideAction ? "OverrideWipeProbe" : "Released");
        return ValueTask.CompletedTask;
    }
}
