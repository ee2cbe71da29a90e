using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jint;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Expressions;

/// <summary>
/// Evaluates <c>JavaScript</c> expressions with Jint in a small sandbox (time, statement, recursion and memory
/// limits; no CLR access). Scripts see <c>variables</c>, <c>input</c> and <c>outputs</c> as plain objects, the
/// Elsa-style helpers <c>getVariable(name)</c>, <c>getInput(name)</c>, <c>getOutput(activityId)</c>, and for each
/// declared variable the accessors Elsa generates, <c>get&lt;Name&gt;()</c> and <c>set&lt;Name&gt;(value)</c>.
/// </summary>
public static partial class JavaScriptEvaluator
{
    private const string Prelude = """
        const __s = JSON.parse(__state);
        const variables = __s.variables, input = __s.input, outputs = __s.outputs;
        function getVariable(name) { return variables[name]; }
        function getInput(name) { return input[name]; }
        function getOutput(id) { return outputs[id]; }
        function __assign(name, value) {
            const json = JSON.stringify(value);
            variables[name] = JSON.parse(__set(name, json === undefined ? 'null' : json));
        }
        """;

    /// <summary>Accessors of these variables would replace the helpers above, so they get none.</summary>
    private static readonly HashSet<string> Shadowing = new(["Variable", "Input", "Output"], StringComparer.Ordinal);

    public static object? Evaluate(string script, WorkflowInstance instance) => Evaluate(script, instance, []);

    /// <summary>
    /// Evaluates <paramref name="script"/> over <paramref name="instance"/>. A <c>set&lt;Name&gt;</c> call writes through
    /// to the instance at once, converted to the variable's declared type as SetVariable would.
    /// </summary>
    public static object? Evaluate(string script, WorkflowInstance instance, IReadOnlyList<VariableDefinition> declared)
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
        engine.SetValue("__set", new Func<string, string, string>((name, json) => Assign(instance, declared, name, json)));
        engine.Execute(Prelude);
        engine.Execute(Accessors(declared));
        try
        {
            return engine.Evaluate(script).ToObject();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"JavaScript expression failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// <c>getCounter()</c> and <c>setCounter(value)</c> for a variable named Counter, as Elsa generates them. A name that
    /// is not a plain (ASCII) JavaScript identifier gets none; such a variable is still reachable through
    /// <c>variables['…']</c> and <c>getVariable('…')</c>.
    /// </summary>
    private static string Accessors(IReadOnlyList<VariableDefinition> declared)
    {
        var script = new StringBuilder();
        foreach (var name in declared.Select(v => v.Name).Where(n => n is not null && Identifier().IsMatch(n) && !Shadowing.Contains(n)))
        {
            script.Append("function get").Append(name).Append("() { return variables['").Append(name).Append("']; }\n")
                .Append("function set").Append(name).Append("(value) { __assign('").Append(name).Append("', value); }\n");
        }

        return script.ToString();
    }

    private static string Assign(WorkflowInstance instance, IReadOnlyList<VariableDefinition> declared, string name, string json)
    {
        var variable = declared.FirstOrDefault(v => v.Name == name)
                       ?? throw new InvalidOperationException($"'{name}' is not a variable of this workflow");
        using var document = JsonDocument.Parse(json);
        var value = variable.ToDeclaredType(document.RootElement.Clone());
        instance.Variables[name] = value;
        return value.GetRawText();
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();
}
