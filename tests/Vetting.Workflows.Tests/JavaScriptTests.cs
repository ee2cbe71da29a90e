using System.Text.Json;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Expressions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Tests;

/// <summary>The accessors Elsa generates for workflow variables, inside the same sandbox as every script.</summary>
public sealed class JavaScriptTests
{
    private static readonly VariableDefinition[] Declared =
    [
        new() { Id = "1", Name = "Tries", TypeName = "Int32" },
        new() { Id = "2", Name = "my-var", TypeName = "String" },
        new() { Id = "3", Name = "Variable", TypeName = "String" },
    ];

    private static WorkflowInstance Instance() => new()
    {
        Variables =
        {
            ["Tries"] = JsonSerializer.SerializeToElement(1),
            ["my-var"] = JsonSerializer.SerializeToElement("dash"),
            ["Variable"] = JsonSerializer.SerializeToElement("shadow"),
        },
    };

    [Fact]
    public void A_setter_converts_to_the_declared_type_and_later_reads_in_the_script_see_it()
    {
        var instance = Instance();

        var result = JavaScriptEvaluator.Evaluate("setTries('7'); [getTries() + 1, variables.Tries + 1, getVariable('Tries') + 1]", instance, Declared);

        Assert.Equal(new object[] { 8d, 8d, 8d }, (object[])result!);
        Assert.Equal(JsonValueKind.Number, instance.Variables["Tries"].ValueKind);
        Assert.Equal(7, instance.Variables["Tries"].GetInt32());
    }

    [Fact]
    public void Names_that_are_no_identifier_or_would_replace_a_helper_get_no_accessors()
    {
        var result = JavaScriptEvaluator.Evaluate(
            "[typeof getTries, typeof setTries, getVariable('my-var'), getVariable('Variable'), typeof setVariable]", Instance(), Declared);

        Assert.Equal(new object[] { "function", "function", "dash", "shadow", "undefined" }, (object[])result!);
    }

    [Fact]
    public void A_script_that_loops_on_a_setter_still_hits_the_sandbox_limits()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            JavaScriptEvaluator.Evaluate("while (true) { setTries(getTries() + 1); }", Instance(), Declared));

        Assert.StartsWith("JavaScript expression failed", error.Message, StringComparison.Ordinal);
    }
}
