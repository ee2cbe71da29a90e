using System.Text.Json;
using Vetting.Workflows.Definitions;

namespace Vetting.Workflows.Tests;

/// <summary>Terse definition builder for tests: <c>new Flow("id").Add("a", "Test.Step").Connect("a", "b")</c>.</summary>
public sealed class Flow(string definitionId = "test")
{
    private readonly WorkflowDefinition _definition = new()
    {
        Id = definitionId + "-v1",
        DefinitionId = definitionId,
        Name = definitionId,
        Version = 1,
        IsLatest = true,
        IsPublished = true,
    };

    public Flow Add(string id, string type, object? inputs = null)
    {
        var node = new ActivityNode { Id = id, Type = type };
        if (inputs is not null)
        {
            node.Properties = [];
            foreach (var property in JsonSerializer.SerializeToElement(inputs).EnumerateObject())
            {
                node.Properties[property.Name] = property.Value;
            }
        }

        _definition.Root.Activities.Add(node);
        return this;
    }

    public Flow Connect(string source, string target, string port = "Done")
    {
        _definition.Root.Connections.Add(new Connection
        {
            Source = new Endpoint { Activity = source, Port = port },
            Target = new Endpoint { Activity = target, Port = "In" },
        });
        return this;
    }

    public Flow Variable(string name, object? value)
    {
        _definition.Variables.Add(new VariableDefinition { Id = name, Name = name, Value = JsonSerializer.SerializeToElement(value) });
        return this;
    }

    public Flow Chain(params string[] ids)
    {
        for (var i = 1; i < ids.Length; i++)
        {
            Connect(ids[i - 1], ids[i]);
        }

        return this;
    }

    public WorkflowDefinition Build() => _definition;

    /// <summary>An input wrapped as Elsa writes it.</summary>
    public static object Expr(string type, string value, string typeName = "String") =>
        new { typeName, expression = new { type, value } };
}
