using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Designer;

/// <summary>Saving and publishing from Studio: drafts may be unfinished, a refused publish changes nothing runs use, an accepted one is what the next run uses.</summary>
public sealed class ElsaSaveAndPublishTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_autosave_keeps_an_unfinished_graph_as_a_draft_and_runs_keep_the_published_version()
    {
        var client = _app.CreateClient();
        var model = await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest");
        // Studio adds an activity before connecting it: for a moment it dangles.
        model!["root"]!["activities"]!.AsArray().Add(new JsonObject { ["id"] = "extra", ["type"] = "Elsa.Delay", ["version"] = 1, ["nodeId"] = "flowchart:extra" });

        using var saved = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = false });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
        var definition = body.GetProperty("workflowDefinition");
        Assert.Equal(2, definition.GetProperty("version").GetInt32());
        Assert.False(definition.GetProperty("isPublished").GetBoolean());
        Assert.Equal("flowchart:extra", definition.GetProperty("root").GetProperty("activities").EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == "extra").GetProperty("nodeId").GetString());
        var published = await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Published");
        Assert.Equal(1, published!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_publish_the_validator_refuses_is_a_problem_with_errors_and_the_published_version_stays()
    {
        var client = _app.CreateClient();
        var model = await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest");
        var cpu = model!["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "cpu")!;
        cpu["timeout"] = new JsonObject { ["typeName"] = "TimeSpan", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "forty minutes" } };

        using var refused = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // Studio's client turns only application/problem+json with an `errors` map into the messages it shows.
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").EnumerateObject().SelectMany(p => p.Value.EnumerateArray()).Select(m => m.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains("activity 'cpu': input 'timeout'", StringComparison.Ordinal) && m.Contains("is not a TimeSpan", StringComparison.Ordinal));
        Assert.Contains(messages, m => m!.Contains("version 1 stays published", StringComparison.Ordinal) && m.Contains("draft version 2", StringComparison.Ordinal));

        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        var run = await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        Assert.Equal(1, run.GetProperty("workflow").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_guessed_start_activity_publishes_with_a_warning_not_a_refusal()
    {
        var client = _app.CreateClient();
        // Two activities and no connection: Elsa starts at the first one; so do we, and say it was a guess.
        var model = JsonNode.Parse("""
            {"definitionId":"two-starts","name":"Two starts","root":{"id":"flowchart","type":"Elsa.Flowchart","activities":[
              {"id":"first","type":"Elsa.End","version":1},{"id":"second","type":"Elsa.End","version":1}],"connections":[]}}
            """)!;

        using var saved = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("workflowDefinition").GetProperty("isPublished").GetBoolean());
        var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("first", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_edit_is_what_the_next_run_uses()
    {
        var client = _app.CreateClient();
        var model = await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest");
        var cpu = model!["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "cpu")!;
        // As Studio writes it: the descriptor's type name and the literal as text.
        cpu["timeout"] = new JsonObject { ["typeName"] = "System.TimeSpan", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "00:45:00" } };
        // Studio sends every variable value as text, the profiles object included.
        var profiles = model["variables"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "profiles")!;
        profiles["value"] = profiles["value"]!.ToJsonString();

        using var saved = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var definition = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflowDefinition");
        Assert.Equal(2, definition.GetProperty("version").GetInt32());
        Assert.True(definition.GetProperty("isPublished").GetBoolean());
        var summaries = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions");
        Assert.Equal(["quick", "standard", "burn-in"], summaries!.Single().GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));

        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        Assert.Equal("inventory", (await agent.WaitForInstructionAsync()).Stage);
        var run = await VettingApp.GetRunAsync(client, runId);
        Assert.Equal(2, run.GetProperty("workflow").GetProperty("version").GetInt32());
        Assert.Equal("quick", run.GetProperty("profile").GetString());
    }
}
