using System.Text.Json;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Tests;

/// <summary>Shapes Elsa itself writes (3.0's flat connections, null custom properties, Start/End) are read, run and written back.</summary>
public sealed class ElsaShapesTests
{
    private const string Elsa30 = """
        {
          "definitionId": "elsa30", "version": 1, "isPublished": true, "isLatest": true,
          "customProperties": null,
          "root": {
            "id": "flowchart1", "type": "Elsa.Flowchart", "version": 1,
            "activities": [
              { "id": "begin", "type": "Elsa.Start", "version": 1, "customProperties": null },
              { "id": "step", "type": "Test.Step", "version": 1, "customProperties": null },
              { "id": "finish", "type": "Elsa.End", "version": 1 }
            ],
            "connections": [
              { "source": "begin", "target": "step", "sourcePort": "Done", "targetPort": "In" },
              { "sourcePort": "Done", "targetPort": "In", "source": "step", "target": "finish" }
            ]
          }
        }
        """;

    [Fact]
    public void Flat_connections_and_null_custom_properties_are_read()
    {
        var definition = WorkflowJson.Parse(Elsa30);

        Assert.Empty(definition.Root.Activities[0].CustomProperties);
        Assert.False(definition.Root.Activities[0].StartsWorkflow);
        Assert.Equal([("begin", "Done", "step", "In"), ("step", "Done", "finish", "In")],
            definition.Root.Connections.Select(c => (c.Source.Activity, c.Source.Port, c.Target.Activity, c.Target.Port)));
    }

    [Fact]
    public void They_are_written_back_in_the_nested_shape_current_Elsa_reads()
    {
        var written = WorkflowJson.Serialize(WorkflowJson.Parse(Elsa30));
        var again = WorkflowJson.Parse(written);

        Assert.Contains("\"source\": {", written, StringComparison.Ordinal);
        Assert.DoesNotContain("sourcePort", written, StringComparison.Ordinal);
        Assert.Equal(("step", "Done"), (again.Root.Connections[1].Source.Activity, again.Root.Connections[1].Source.Port));
    }

    [Fact]
    public async Task A_flowchart_from_Start_to_End_runs_and_finishes()
    {
        await using var host = new WorkflowHost();

        var instance = await host.StartAsync(WorkflowJson.Parse(Elsa30));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["step"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task Variable_values_Elsa_stores_as_text_start_as_their_type()
    {
        await using var host = new WorkflowHost();
        var definition = new Flow()
            .Add("decide", "Elsa.FlowDecision", new { condition = Flow.Expr("JavaScript", "getVariable('count') + 1 === 1 && getVariable('on') === true", "Boolean") })
            .Add("yes", "Test.Step").Add("no", "Test.Step")
            .Connect("decide", "yes", "True").Connect("decide", "no", "False")
            .Build();
        definition.Variables.Add(new VariableDefinition { Id = "c", Name = "count", TypeName = "Int32", Value = JsonDocument.Parse("\"0\"").RootElement });
        definition.Variables.Add(new VariableDefinition { Id = "o", Name = "on", TypeName = "Boolean", Value = JsonDocument.Parse("\"True\"").RootElement });
        definition.Variables.Add(new VariableDefinition { Id = "n", Name = "note", TypeName = "String", Value = JsonDocument.Parse("\"42\"").RootElement });

        var instance = await host.StartAsync(definition);

        Assert.Equal(["yes"], host.Trace.Of(instance.Id));
        Assert.Equal(JsonValueKind.Number, instance.Variables["count"].ValueKind);
        Assert.Equal(JsonValueKind.String, instance.Variables["note"].ValueKind);
    }

    [Fact]
    public void A_definition_without_a_definitionId_parses_and_only_validation_asks_for_one()
    {
        var definition = WorkflowJson.Parse(Elsa30.Replace("\"definitionId\": \"elsa30\", ", "", StringComparison.Ordinal));
        var registry = new Activities.ActivityRegistry();
        registry.Register<Step>();
        registry.Register<Activities.BuiltIn.Start>();
        registry.Register<Activities.BuiltIn.End>();

        Assert.Equal("", definition.DefinitionId);
        Assert.Equal(["definitionId is required"], DefinitionValidator.Validate(definition, registry));
    }

    [Fact]
    public async Task SetVariable_in_the_shape_written_here_before_still_sets_the_variable_as_its_type()
    {
        await using var host = new WorkflowHost();
        var definition = new Flow()
            .Add("set", "Elsa.SetVariable", new
            {
                variable = Flow.Expr("Literal", "count"),
                value = Flow.Expr("Literal", "7", "Object"),
            })
            .Build();
        definition.Variables.Add(new VariableDefinition { Id = "c", Name = "count", TypeName = "Int32", Value = JsonDocument.Parse("\"0\"").RootElement });

        var instance = await host.StartAsync(definition);

        Assert.Equal(JsonValueKind.Number, instance.Variables["count"].ValueKind);
        Assert.Equal(7, instance.Variables["count"].GetInt32());
    }
}
