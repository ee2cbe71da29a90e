using System.Text.Json;
using Vetting.Workflows.Definitions;

namespace Vetting.Workflows.Activities.BuiltIn;

/// <summary>
/// Assigns a value to a declared variable, converted to its type. The variable is named as Elsa 3 writes it
/// (<c>{"id", "name", "typeName", "value"}</c>) or by its bare name, as definitions written here before did.
/// </summary>
[Activity("Elsa", "SetVariable", Category = "Primitives", DisplayName = "Set Variable",
    Description = "Assigns a value to a workflow variable.")]
public sealed class SetVariable : Activity
{
    [Input(Required = true, UiHint = UiHints.SingleLine, Description = "Name of a variable declared by the workflow.")]
    public VariableReference Variable { get; set; } = new(null, null);

    [Input(UiHint = UiHints.Code)]
    public JsonElement Value { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var variable = context.FindVariable(Variable)
                       ?? throw new InvalidOperationException($"variable '{Variable}' is not declared by this workflow");
        context.SetVariable(variable.Name, Value.ValueKind == JsonValueKind.Undefined ? null : Value);
        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }
}
