using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Tests;

/// <summary>
/// Definitions in the shapes Elsa Studio 3.x writes (testdata/elsa3): each is written back as it was read and runs
/// as Elsa would run it.
/// </summary>
public sealed class ElsaRoundTripTests
{
    public static TheoryData<string> Files => ["set-variable-loop", "javascript-accessors", "flow-join-modes", "start-activity"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_serialize_parse_gives_the_same_canonical_JSON(string file)
    {
        var text = Read(file);

        var written = WorkflowJson.Serialize(WorkflowJson.Parse(text));
        var again = WorkflowJson.Serialize(WorkflowJson.Parse(written));

        Assert.Equal(Canonical(written), Canonical(again));
        // Nothing read is lost or reshaped; only a null customProperties comes back as {} (docs/workflows.md).
        Assert.Equal(Canonical(WithEmptyCustomProperties(text)), Canonical(written));
    }

    [Fact]
    public async Task A_FlowDecision_SetVariable_loop_over_Elsa_variable_objects_counts_to_three()
    {
        await using var host = new WorkflowHost();

        var instance = await host.StartAsync(WorkflowJson.Parse(Read("set-variable-loop")));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        // 'bump' names the variable {id: v-counter, name: "Count"}: the id wins over the stale name.
        Assert.Equal(3, instance.Variables["Counter"].GetInt32());
        Assert.False(instance.Variables.ContainsKey("Count"));
        // 'label' names {id: v-label-renamed, name: "Label"}: no such id, so the name; 30 becomes the String "30".
        Assert.Equal("30", instance.Variables["Label"].GetString());
        // A Variable expression naming {memoryReference: {id}} and the older bare name read the same variable.
        Assert.Equal(["show-new", "show-old"], host.Trace.Of(instance.Id));
        Assert.Equal(["30", "30"], new[] { instance.Outputs["show-new"].GetString(), instance.Outputs["show-old"].GetString() });
    }

    [Fact]
    public async Task Generated_JavaScript_accessors_write_through_to_the_instance_as_the_declared_type()
    {
        await using var host = new WorkflowHost();

        var instance = await host.StartAsync(WorkflowJson.Parse(Read("javascript-accessors")));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(JsonValueKind.Number, instance.Variables["Counter"].ValueKind);
        Assert.Equal(3, instance.Variables["Counter"].GetInt32());
        Assert.Equal(JsonValueKind.True, instance.Variables["Seen"].ValueKind);
        // 'odd name' is no identifier, so it has no accessors, and the script still runs.
        Assert.Equal("kept kept", instance.Outputs["done"].GetString());
    }

    [Fact]
    public async Task Join_modes_after_a_decision_WaitAll_is_skipped_WaitAllActive_and_the_default_run()
    {
        await using var host = new WorkflowHost();

        var instance = await host.StartAsync(WorkflowJson.Parse(Read("flow-join-modes")));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["a", "after-no-mode", "after-all-active"], host.Trace.Of(instance.Id));
        var skipped = Assert.Single(await host.JournalAsync(instance.Id), j => j.Event == "Skipped");
        Assert.Equal("all", skipped.ActivityId);
        Assert.Contains("'b' can no longer arrive", skipped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_top_level_canStartWorkflow_chooses_the_start_among_several_roots()
    {
        await using var host = new WorkflowHost();
        var definition = WorkflowJson.Parse(Read("start-activity"));

        var instance = await host.StartAsync(definition);

        Assert.Equal(["marked", "y"], host.Trace.Of(instance.Id));
        Assert.Empty(DefinitionValidator.Check(definition, host.Services.GetRequiredService<ActivityRegistry>()).Warnings);
    }

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "elsa3", name + ".json"));

    private static string Canonical(string json) => CanonicalJson.Write(JsonDocument.Parse(json).RootElement);

    private static string WithEmptyCustomProperties(string json)
    {
        var definition = JsonNode.Parse(json)!.AsObject();
        var owners = new[] { definition }.Concat(definition["root"]!["activities"]!.AsArray().Select(a => a!.AsObject()));
        foreach (var owner in owners.Where(o => o.TryGetPropertyValue("customProperties", out var value) && value is null))
        {
            owner["customProperties"] = new JsonObject();
        }

        return definition.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
