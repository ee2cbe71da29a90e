using System.Text.Json;
using Vetting.Workflows.Definitions;

namespace Vetting.Bench;

internal static class Definitions
{
    public static WorkflowDefinition Sequential(int steps)
    {
        var definition = New("sequential");
        for (var i = 0; i < steps; i++)
        {
            definition.Root.Activities.Add(Node($"s{i}", "Bench.Step", ("index", JsonSerializer.SerializeToElement(new { typeName = "Int32", expression = new { type = "Literal", value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } }))));
            if (i > 0)
            {
                definition.Root.Connections.Add(Connect($"s{i - 1}", $"s{i}"));
            }
        }

        return definition;
    }

    /// <summary>One step, then a wait whose outcome loops back into itself.</summary>
    public static WorkflowDefinition WaitLoop()
    {
        var definition = New("wait-loop");
        definition.Root.Activities.Add(Node("first", "Bench.Step"));
        definition.Root.Activities.Add(Node("wait", "Bench.Wait", ("key", JsonSerializer.SerializeToElement(new { typeName = "String", expression = new { type = "JavaScript", value = "getInput('key')" } }))));
        definition.Root.Connections.Add(Connect("first", "wait"));
        definition.Root.Connections.Add(Connect("wait", "wait"));
        return definition;
    }

    private static WorkflowDefinition New(string id) => new()
    {
        Id = id + "-v1",
        DefinitionId = id,
        Version = 1,
        IsLatest = true,
        IsPublished = true,
    };

    private static ActivityNode Node(string id, string type, params (string Name, JsonElement Value)[] inputs)
    {
        var node = new ActivityNode { Id = id, Type = type, Properties = [] };
        foreach (var (name, value) in inputs)
        {
            node.Properties[name] = value;
        }

        return node;
    }

    private static Connection Connect(string from, string to) => new()
    {
        Source = new Endpoint { Activity = from, Port = "Done" },
        Target = new Endpoint { Activity = to, Port = "In" },
    };
}
