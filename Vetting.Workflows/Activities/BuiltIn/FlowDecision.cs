namespace Vetting.Workflows.Activities.BuiltIn;

[Activity("Elsa", "FlowDecision", Category = "Branching", DisplayName = "Decision",
    Description = "Evaluates a condition and continues through True or False.", Outcomes = ["True", "False"])]
public sealed class FlowDecision : Activity
{
    [Input(UiHint = UiHints.Code, Description = "A boolean; usually a JavaScript expression such as getInput('profile') === 'burn-in'.")]
    public bool Condition { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(Condition ? "True" : "False");
        return ValueTask.CompletedTask;
    }
}
