using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Expressions;

namespace Vetting.Workflows.Runtime;

/// <summary>
/// A validated definition turned into look-up tables for the runner: nodes by id, connections by source port and
/// by target, and input bindings with literals converted once.
/// </summary>
public sealed class WorkflowGraph
{
    private readonly Dictionary<string, GraphNode> _nodes;
    private readonly Dictionary<(string Activity, string Port), int[]> _outgoing;

    private WorkflowGraph(WorkflowDefinition definition, Dictionary<string, GraphNode> nodes, string startId, IReadOnlyList<string> warnings)
    {
        Definition = definition;
        _nodes = nodes;
        StartId = startId;
        Warnings = warnings;
        Connections = definition.Root.Connections;
        _outgoing = Connections
            .Select((c, i) => (c, i))
            .GroupBy(x => (x.c.Source.Activity, x.c.Source.Port ?? Activity.DoneOutcome))
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
        foreach (var (connection, index) in Connections.Select((c, i) => (c, i)))
        {
            _nodes[connection.Target.Activity].Inbound.Add(index);
        }
    }

    public WorkflowDefinition Definition { get; }
    public string StartId { get; }

    /// <summary>What validation guessed rather than refused (such as which of several candidates starts the flowchart).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlyList<Connection> Connections { get; }
    public IEnumerable<GraphNode> Nodes => _nodes.Values;

    public GraphNode Node(string id) =>
        _nodes.TryGetValue(id, out var node) ? node : throw new InvalidOperationException($"Activity '{id}' is not part of this workflow version.");

    public bool Contains(string id) => _nodes.ContainsKey(id);

    public IReadOnlyList<int> Outgoing(string activityId, string port) =>
        _outgoing.TryGetValue((activityId, port), out var list) ? list : [];

    public bool HasConnection(string activityId, string port) => _outgoing.ContainsKey((activityId, port));

    /// <summary>Builds the graph, throwing <see cref="WorkflowDefinitionException"/> with every problem found.</summary>
    public static WorkflowGraph Build(WorkflowDefinition definition, ActivityRegistry registry)
    {
        var report = DefinitionValidator.Check(definition, registry);
        if (report.Errors.Count > 0)
        {
            throw new WorkflowDefinitionException(report.Errors);
        }

        var nodes = definition.Root.Activities.ToDictionary(
            a => a.Id,
            a => new GraphNode(a, registry.Find(a.Type)!, BindInputs(a, registry.Find(a.Type)!, definition.Variables)),
            StringComparer.Ordinal);
        return new WorkflowGraph(definition, nodes, DefinitionValidator.FindStart(definition)!, report.Warnings);
    }

    private static InputBinding[] BindInputs(ActivityNode node, ActivityDescriptor descriptor, IReadOnlyList<VariableDefinition> variables)
    {
        var bindings = new List<InputBinding>(descriptor.Inputs.Count);
        foreach (var input in descriptor.Inputs)
        {
            if (node.Properties is not null && node.Properties.TryGetValue(input.Name, out var raw))
            {
                var expression = InputExpression.Read(raw);
                var literal = expression.Type == ExpressionType.Literal ? ValueConverter.Convert(expression.Value, input.ClrType) : null;
                var variable = expression.Type == ExpressionType.Variable ? VariableReference.Read(expression.Value)!.Resolve(variables)!.Name : null;
                bindings.Add(new InputBinding(input, expression, literal, variables, variable));
            }
            else if (input.DefaultValue is not null)
            {
                bindings.Add(new InputBinding(input, null, ValueConverter.ConvertText(input.DefaultValue, input.ClrType), variables));
            }
        }

        return [.. bindings];
    }
}

public sealed class GraphNode
{
    internal GraphNode(ActivityNode model, ActivityDescriptor descriptor, InputBinding[] inputs)
    {
        Model = model;
        Descriptor = descriptor;
        Inputs = inputs;
    }

    public ActivityNode Model { get; }
    public ActivityDescriptor Descriptor { get; }
    internal InputBinding[] Inputs { get; }

    /// <summary>Indexes into <see cref="WorkflowGraph.Connections"/> of the connections arriving here.</summary>
    public List<int> Inbound { get; } = [];
}

/// <summary>
/// An input with its expression, prepared once when the graph is built: <see cref="Literal"/> holds the converted
/// value of a constant, <see cref="VariableName"/> the declared variable a Variable expression resolved to (by id or
/// name), and <see cref="Variables"/> the declared variables a script's accessors are made from.
/// </summary>
internal sealed record InputBinding(
    InputDescriptor Input,
    InputExpression? Expression,
    object? Literal,
    IReadOnlyList<VariableDefinition> Variables,
    string? VariableName = null)
{
    public object? Evaluate(WorkflowInstance instance) => Expression?.Type switch
    {
        null or ExpressionType.Literal => Literal,
        ExpressionType.Variable => instance.Variables.TryGetValue(VariableName ?? "", out var v)
            ? ValueConverter.Convert(v, Input.ClrType)
            : ValueConverter.ConvertObject(null, Input.ClrType),
        ExpressionType.JavaScript => ValueConverter.ConvertObject(
            JavaScriptEvaluator.Evaluate(Expression.Value.GetString() ?? "", instance, Variables), Input.ClrType),
        _ => throw new InvalidOperationException($"Unsupported expression type {Expression.Type}"),
    };
}
