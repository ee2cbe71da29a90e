using System.Text.Json;
using Jint;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Expressions;

/// <summary>
/// Evaluates <c>JavaScript</c> expressions with Jint in a small sandbox (time, statement, recursion and memory
/// limits; no CLR access). Scripts see <c>variables</c>, <c>input</c> and <c>outputs</c> as plain objects, and the
/// Elsa-style helpers <c>getVariable(name)</c>, <c>getInput(name)</c>, <c>getOutput(activityId)</c>.
/// </summary>
public static class JavaScriptEvaluator
{
    private const string Prelude = """
        const __s = JSON.parse(__state);
        const variables = __s.variables, input = __s.input, outputs = __s.outputs;
        function getVariable(name) { return variables[name]; }
        function getInput(name) { return input[name]; }
        function getOutput(id) { return outputs[id]; }
        """;

    public static object? Evaluate(string script, WorkflowInstance instance)
    {
        var engine = new Engine(options => options
            .TimeoutInterval(TimeSpan.FromSeconds(2))
            .MaxStatements(100_000)
            .LimitRecursion(64)
            .LimitMemory(32_000_000));
        var state = JsonSerializer.Serialize(
            new { variables = instance.Variables, input = instance.Input, outputs = instance.Outputs },
            WorkflowJson.Compact);
        engine.SetValue("__state", state);
        engine.Execute(Prelude);
        try
        {
            return engine.Evaluate(script).ToObject();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"JavaScript expression failed: {e.Message}", e);
        }
    }
}
