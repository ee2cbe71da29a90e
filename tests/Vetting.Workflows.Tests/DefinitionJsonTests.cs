using System.Text.Json;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Expressions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Tests;

public sealed class DefinitionJsonTests
{
    private static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "elsa-style.json"));

    [Fact]
    public void Round_trip_keeps_every_property_including_ones_the_model_does_not_know()
    {
        var definition = WorkflowJson.Parse(Sample);
        var written = WorkflowJson.Serialize(definition);

        Assert.Equal(Canonical(Sample), Canonical(written));
    }

    [Fact]
    public void Parse_reads_the_model_and_the_input_expressions()
    {
        var definition = WorkflowJson.Parse(Sample);

        Assert.Equal(("burn-in-check", 3, true), (definition.DefinitionId, definition.Version, definition.IsPublished));
        Assert.Equal(6, definition.Root.Activities.Count);
        var wait = definition.Root.Activities[0];
        Assert.True(wait.StartsWorkflow);
        var timeout = InputExpression.Read(wait.Properties!["timeout"]);
        Assert.Equal((ExpressionType.Literal, "TimeSpan"), (timeout.Type, timeout.TypeName));
        Assert.Equal(TimeSpan.FromMinutes(10), ValueConverter.Convert(timeout.Value, typeof(TimeSpan)));
        Assert.Equal(ExpressionType.JavaScript, InputExpression.Read(definition.Root.Activities[1].Properties!["condition"]).Type);
        Assert.Equal(-320.5, wait.Metadata!["designer"].GetProperty("position").GetProperty("x").GetDouble());
    }

    [Fact]
    public async Task The_sample_runs_and_takes_the_branch_its_script_selects()
    {
        await using var host = new WorkflowHost();
        var definition = WorkflowJson.Parse(Sample);

        var instance = await host.StartAsync(definition, new Dictionary<string, object?> { ["profile"] = "burn-in" });
        await host.ResumeOneAsync("node-1");

        Assert.Equal(WorkflowStatus.Finished, (await host.LoadAsync(instance.Id)).Status);
        Assert.Equal(["wait", "wait:resumed", "long", "done"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public void Malformed_JSON_is_reported_with_its_source_and_position()
    {
        var error = Assert.Throws<WorkflowDefinitionException>(() => WorkflowJson.Parse("{\n  \"definitionId\": \"x\",\n  \"version\": \"three\"\n}", "workflows/x.json"));

        Assert.StartsWith("workflows/x.json: line 3", error.Message, StringComparison.Ordinal);
    }

    private static string Canonical(string json) => CanonicalJson.Write(JsonDocument.Parse(json).RootElement);
}
