using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Workflows;

public sealed class WorkflowsApiTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Descriptors_list_every_vetting_activity_with_inputs_and_outcomes()
    {
        var client = _app.CreateClient();

        var descriptors = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/activity-descriptors");

        var types = descriptors!.Select(d => d.GetProperty("type").GetString()).ToList();
        foreach (var type in new[] { "Vetting.SendWoL", "Vetting.AwaitBoot", "Vetting.AwaitHello", "Vetting.RunStage", "Vetting.CompareSpec",
                     "Vetting.WriteReport", "Vetting.Notify", "Vetting.HoldForSsh", "Vetting.PowerOff", "Elsa.FlowDecision", "Elsa.FlowJoin", "Elsa.Delay" })
        {
            Assert.Contains(type, types);
        }

        var runStage = descriptors!.Single(d => d.GetProperty("type").GetString() == "Vetting.RunStage");
        Assert.Equal(["Passed", "Failed", "TimedOut"], runStage.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
        var stage = runStage.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "stage");
        Assert.Equal("dropdown", stage.GetProperty("uiHint").GetString());
        Assert.Equal(["inventory", "cpu", "memory", "storage", "network"], stage.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task The_shipped_vetting_workflow_is_imported_and_published()
    {
        var client = _app.CreateClient();

        var latest = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions");
        var vetting = await client.GetFromJsonAsync<JsonElement>("/api/v1/workflow-definitions/vetting");

        var summary = Assert.Single(latest!, d => d.GetProperty("definitionId").GetString() == "vetting");
        Assert.True(summary.GetProperty("isPublished").GetBoolean());
        Assert.Equal("Elsa.Flowchart", vetting.GetProperty("root").GetProperty("type").GetString());
        Assert.True(vetting.GetProperty("root").GetProperty("activities").GetArrayLength() > 10);
    }

    [Fact]
    public async Task Profiles_come_from_the_workflow_so_an_operator_added_profile_can_be_started()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        var summary = (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions"))!.Single(d => d.GetProperty("definitionId").GetString() == "vetting");
        Assert.Equal(["quick", "standard", "burn-in"], summary.GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));
        using var before = await client.PostAsJsonAsync($"/api/v1/hosts/{hostId}/runs", new { profile = "smoke" });
        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Contains("use quick, standard, burn-in", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The operator copies the quick profile's parameters under a new name and publishes.
        var definition = JsonNode.Parse(await client.GetStringAsync("/api/v1/workflow-definitions/vetting"))!.AsObject();
        var profiles = definition["variables"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "profiles")!["value"]!.AsObject();
        profiles["smoke"] = profiles["quick"]!.DeepClone();
        using var saved = await client.PostAsync("/api/v1/workflow-definitions", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"));
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        using var published = await client.PostAsync($"/api/v1/workflow-definitions/vetting/publish?version={version}", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains("smoke", (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));

        using var started = await client.PostAsJsonAsync($"/api/v1/hosts/{hostId}/runs", new { profile = "smoke" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal("smoke", (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("profile").GetString());
    }

    [Fact]
    public async Task A_definition_saved_without_a_definitionId_gets_one()
    {
        var client = _app.CreateClient();
        var definition = JsonNode.Parse(await client.GetStringAsync("/api/v1/workflow-definitions/vetting"))!.AsObject();
        definition.Remove("definitionId");
        definition.Remove("id");

        using var saved = await client.PostAsync("/api/v1/workflow-definitions", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var id = body.GetProperty("definitionId").GetString();
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.NotEqual("vetting", id);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/workflow-definitions/{id}")).StatusCode);
    }

    [Fact]
    public async Task Saving_a_published_definition_makes_a_draft_v2_and_publishing_moves_new_runs_to_it()
    {
        var client = _app.CreateClient();
        var definition = JsonNode.Parse(await client.GetStringAsync("/api/v1/workflow-definitions/vetting"))!.AsObject();
        definition["description"] = "edited in the designer";

        using var saved = await client.PostAsync("/api/v1/workflow-definitions", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"));
        var draft = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal((2, false), (draft.GetProperty("version").GetInt32(), draft.GetProperty("isPublished").GetBoolean()));

        var hostId = await _app.CreateHostAsync(client);
        var before = await VettingApp.StartRunAsync(client, hostId);
        await VettingApp.WaitForStateAsync(client, before, "WaitingWoL");
        Assert.Equal(1, (await VettingApp.GetRunAsync(client, before)).GetProperty("workflow").GetProperty("version").GetInt32());
        await client.PostAsync($"/api/v1/runs/{before}/cancel", null);
        await VettingApp.WaitForStateAsync(client, before, "Cancelled");

        using var published = await client.PostAsync("/api/v1/workflow-definitions/vetting/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var after = await VettingApp.StartRunAsync(client, hostId);
        await VettingApp.WaitForStateAsync(client, after, "WaitingWoL");

        Assert.Equal(2, (await VettingApp.GetRunAsync(client, after)).GetProperty("workflow").GetProperty("version").GetInt32());
        var versions = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions/vetting/versions");
        Assert.Equal([(1, false), (2, true)], versions!.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("isPublished").GetBoolean())));
        var v1 = await client.GetFromJsonAsync<JsonElement>("/api/v1/workflow-definitions/vetting?version=1");
        Assert.NotEqual("edited in the designer", v1.GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_invalid_graph_is_refused_with_every_reason()
    {
        var client = _app.CreateClient();
        const string json = """
            { "definitionId": "broken", "root": { "type": "Elsa.Flowchart", "activities": [
                { "id": "a", "type": "Vetting.RunStage", "stage": { "typeName": "String", "expression": { "type": "Literal", "value": "gpu" } } },
                { "id": "b", "type": "Vetting.Teleport" } ],
              "connections": [ { "source": { "activity": "a", "port": "Passed" }, "target": { "activity": "ghost", "port": "In" } } ] } }
            """;

        using var response = await client.PostAsync("/api/v1/workflow-definitions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("definition").EnumerateArray()
            .Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains("'gpu'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown type 'Vetting.Teleport'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'ghost' does not exist", StringComparison.Ordinal));
        using var missing = await client.GetAsync("/api/v1/workflow-definitions/broken");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
