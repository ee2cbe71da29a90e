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

    private WorkflowGraph(WorkflowDefinition definition, Dictionary<string, GraphNode> nodes, string startId)
    {
        Definition = definition;
        _nodes = nodes;
        StartId = startId;
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
        var errors = DefinitionValidator.Validate(definition, registry);
        if (errors.Count > 0)
        {
            throw new WorkflowDefinitionException(errors);
        }

        var nodes = definition.Root.Activities.ToDictionary(
            a => a.Id,
            a => new GraphNode(a, registry.Find(a.Type)!, BindInputs(a, registry.Find(a.Type)!)),
            StringComparer.Ordinal);
        return new WorkflowGraph(definition, nodes, DefinitionValidator.FindStart(definition)!);
    }

    private static InputBinding[] BindInputs(ActivityNode node, ActivityDescriptor descriptor)
    {
        var bindings = new List<InputBinding>(descriptor.Inputs.Count);
        foreach (var input in descriptor.Inputs)
        {
            if (node.Properties is not null && node.Properties.TryGetValue(input.Name, out var raw))
            {
                var expression = InputExpression.Read(raw);
                var literal = expression.Type == ExpressionType.Literal ? ValueConverter.Convert(expression.Value, input.ClrType) : null;
                bindings.Add(new InputBinding(input, expression, literal));
            }
            else if (input.DefaultValue is not null)
            {
                bindings.Add(new InputBinding(input, null, ValueConverter.ConvertText(input.DefaultValue, input.ClrType)));
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

/// <summary>An input with its expression; <see cref="Literal"/> holds the converted value when it is a constant.</summary>
internal sealed record InputBinding(InputDescriptor Input, InputExpression? Expression, object? Literal)
{
    public object? Evaluate(WorkflowInstance instance) => Expression?.Type switch
    {
        null or ExpressionType.Literal => Literal,
        ExpressionType.Variable => instance.Variables.TryGetValue(Expression.Value.GetString() ?? "", out var v)
            ? ValueConverter.Convert(v, Input.ClrType)
            : ValueConverter.ConvertObject(null, Input.ClrType),
        ExpressionType.JavaScript => ValueConverter.ConvertObject(
            JavaScriptEvaluator.Evaluate(Expression.Value.GetString() ?? "", instance), Input.ClrType),
        _ => throw new InvalidOperationException($"Unsupported expression type {Expression.Type}"),
    };
}
