using System.Text.Json;

namespace Vetting.Workflows.Activities.BuiltIn;

[Activity("Elsa", "SetVariable", Category = "Primitives", DisplayName = "Set Variable",
    Description = "Assigns a value to a workflow variable.")]
public sealed class SetVariable : Activity
{
    [Input(Required = true, Description = "Name of a variable declared by the workflow.")]
    public string Variable { get; set; } = "";

    [Input(UiHint = UiHints.Code)]
    public JsonElement Value { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.SetVariable(Variable, Value.ValueKind == JsonValueKind.Undefined ? null : Value);
        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }
}
