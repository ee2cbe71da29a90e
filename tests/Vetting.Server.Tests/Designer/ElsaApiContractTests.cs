using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Designer;

/// <summary>
/// /elsa/api as Elsa Studio 3.8.2 calls it (../shared/design/elsa-studio-api.md), without a browser: Studio's recorded
/// requests replayed, the shapes it reads, and the save/publish rules behind its editor.
/// </summary>
public sealed class ElsaApiContractTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Every_recorded_Studio_call_answers_200_with_json()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        await agent.WaitForInstructionAsync();
        var (instanceId, versionId) = await InstanceOfRunAsync(client, runId);

        foreach (var call in StudioCalls.Gets)
        {
            var path = call.Replace("{instanceId}", instanceId, StringComparison.Ordinal).Replace("{versionId}", versionId, StringComparison.Ordinal);
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            JsonNode.Parse(await response.Content.ReadAsStringAsync());
        }

        foreach (var (path, body) in new[]
                 {
                     ("/elsa/api/workflow-instances", StudioCalls.InstanceList),
                     ($"/elsa/api/workflow-instances/{instanceId}/journal?skip=0&take=109", StudioCalls.Journal),
                     ("/elsa/api/activity-executions/report", StudioCalls.Report.Replace("{instanceId}", instanceId, StringComparison.Ordinal)),
                 })
        {
            using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task The_definition_list_has_Elsa_summaries_and_a_bulk_publish_link()
    {
        var client = _app.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>(
            "/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=10&SearchTerm=&IsSystem=False&OrderDirection=Ascending");

        Assert.Equal(1, page.GetProperty("totalCount").GetInt32());
        var vetting = Assert.Single(page.GetProperty("items").EnumerateArray());
        foreach (var field in new[] { "id", "definitionId", "name", "description", "version", "isLatest", "isPublished", "createdAt", "materializerName", "isMaterializerAvailable", "links" })
            Assert.True(vetting.TryGetProperty(field, out _), $"summary lacks '{field}': {vetting}");
        Assert.Equal("vetting", vetting.GetProperty("definitionId").GetString());
        Assert.Contains(page.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "bulk-publish");
    }

    [Fact]
    public async Task The_editor_model_has_node_ids_target_ports_and_a_publish_link()
    {
        var client = _app.CreateClient();

        var model = await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest");

        var root = model!["root"]!.AsObject();
        Assert.Equal("Elsa.Flowchart", root["type"]!.GetValue<string>());
        Assert.Equal("flowchart", root["nodeId"]!.GetValue<string>());
        var cpu = root["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "cpu")!;
        Assert.Equal("flowchart:cpu", cpu["nodeId"]!.GetValue<string>());
        Assert.All(root["connections"]!.AsArray(), c => Assert.Equal("In", c!["target"]!["port"]!.GetValue<string>()));
        Assert.Contains(model["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        Assert.NotNull(model["options"]);
        Assert.False(model["isReadonly"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Activity_descriptors_come_from_the_registry_in_Elsa_shape()
    {
        var client = _app.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("/elsa/api/descriptors/activities?Refresh=True");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, list.GetProperty("count").GetInt32());
        var flowchart = Assert.Single(items, d => d.GetProperty("typeName").GetString() == "Elsa.Flowchart");
        Assert.True(flowchart.GetProperty("isContainer").GetBoolean());
        var runStage = Assert.Single(items, d => d.GetProperty("typeName").GetString() == "Vetting.RunStage");
        Assert.Equal("Vetting", runStage.GetProperty("namespace").GetString());
        Assert.Equal("RunStage", runStage.GetProperty("name").GetString());
        Assert.Equal(["Passed", "Failed", "TimedOut"], runStage.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.All(runStage.GetProperty("ports").EnumerateArray(), p => Assert.Equal("Flow", p.GetProperty("type").GetString()));
        var stage = runStage.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "Stage");
        Assert.Equal("dropdown", stage.GetProperty("uiHint").GetString());
        Assert.Equal("System.String", stage.GetProperty("typeName").GetString());
        Assert.True(stage.GetProperty("isWrapped").GetBoolean());
        Assert.Equal(["inventory", "cpu", "memory", "storage", "network"], stage.GetProperty("uiSpecifications").GetProperty("dropdown")
            .GetProperty("selectList").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetString()));
        var parameters = runStage.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "Parameters");
        Assert.Equal("json-editor", parameters.GetProperty("uiHint").GetString());
        var end = Assert.Single(items, d => d.GetProperty("typeName").GetString() == "Elsa.End");
        Assert.True(end.GetProperty("isTerminal").GetBoolean());
    }

    [Fact]
    public async Task Only_the_expression_types_our_runtime_evaluates_are_offered()
    {
        var client = _app.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("/elsa/api/descriptors/expression-descriptors");

        var browsable = list.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("isBrowsable").GetBoolean())
            .Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["Literal", "JavaScript"], browsable);
        var features = await client.GetFromJsonAsync<JsonElement>("/elsa/api/features/installed");
        Assert.DoesNotContain(features.GetProperty("items").EnumerateArray(), f => f.GetProperty("fullName").GetString() == "Elsa.RealTimeWorkflowUpdates");
    }

    [Fact]
    public async Task The_viewer_gets_a_journal_counters_and_executions_under_the_editor_node_ids()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        await agent.WaitForInstructionAsync();
        var (instanceId, _) = await InstanceOfRunAsync(client, runId);

        using var journalResponse = await client.PostAsync($"/elsa/api/workflow-instances/{instanceId}/journal?skip=0&take=100",
            new StringContent(StudioCalls.Journal, Encoding.UTF8, "application/json"));
        var journal = await journalResponse.Content.ReadFromJsonAsync<JsonElement>();
        var events = journal.GetProperty("items").EnumerateArray()
            .Select(r => $"{r.GetProperty("nodeId").GetString()} {r.GetProperty("eventName").GetString()}").ToList();
        Assert.Equal(["flowchart:wake Started", "flowchart:wake Completed", "flowchart:awaitBoot Started", "flowchart:awaitBoot Suspended",
            "flowchart:awaitBoot Resumed", "flowchart:awaitBoot Completed", "flowchart:awaitHello Started", "flowchart:awaitHello Suspended",
            "flowchart:awaitHello Resumed", "flowchart:awaitHello Completed", "flowchart:inventory Started", "flowchart:inventory Suspended"], events);
        Assert.Equal(events.Count, journal.GetProperty("totalCount").GetInt32());

        using var reportResponse = await client.PostAsync("/elsa/api/activity-executions/report",
            new StringContent(StudioCalls.Report.Replace("{instanceId}", instanceId, StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        var stats = (await reportResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stats").EnumerateArray()
            .ToDictionary(s => s.GetProperty("activityNodeId").GetString()!, s => s);
        Assert.Equal(1, stats["flowchart:awaitBoot"].GetProperty("completedCount").GetInt32());
        Assert.Equal(1, stats["flowchart:inventory"].GetProperty("startedCount").GetInt32());
        Assert.Equal(1, stats["flowchart:inventory"].GetProperty("uncompletedCount").GetInt32());
        Assert.True(stats["flowchart:inventory"].GetProperty("isBlocked").GetBoolean());
        Assert.Equal(0, stats["flowchart:cpu"].GetProperty("startedCount").GetInt32());

        var executions = await client.GetFromJsonAsync<JsonElement>(
            $"/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}&ActivityNodeId=flowchart:awaitBoot");
        var boot = Assert.Single(executions.GetProperty("items").EnumerateArray());
        Assert.Equal("Completed", boot.GetProperty("status").GetString());
        Assert.Equal("Done", boot.GetProperty("payload").GetProperty("outcomes")[0].GetString());

        // The flowchart itself is one execution, running while the instance waits.
        var root = await client.GetFromJsonAsync<JsonElement>($"/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}&ActivityNodeId=flowchart");
        var flowchart = Assert.Single(root.GetProperty("items").EnumerateArray());
        Assert.Equal("Running", flowchart.GetProperty("status").GetString());
        Assert.Equal("Elsa.Flowchart", flowchart.GetProperty("activityType").GetString());
        // Studio fetches a selected execution by its id, and its call stack.
        var byId = await client.GetFromJsonAsync<JsonElement>($"/elsa/api/activity-executions/{Uri.EscapeDataString(boot.GetProperty("id").GetString()!)}");
        Assert.Equal("flowchart:awaitBoot", byId.GetProperty("activityNodeId").GetString());
        var asked = await client.GetFromJsonAsync<JsonElement>($"/elsa/api/activity-executions/by-id?id={Uri.EscapeDataString(boot.GetProperty("id").GetString()!)}");
        Assert.Equal(byId.GetProperty("id").GetString(), asked.GetProperty("id").GetString());
        var stack = await client.GetFromJsonAsync<JsonElement>($"/elsa/api/activity-executions/{Uri.EscapeDataString(boot.GetProperty("id").GetString()!)}/call-stack");
        Assert.Equal(["Elsa.Flowchart", "Vetting.AwaitBoot"], stack.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("activityType").GetString()));
        using var unknown = await client.GetAsync($"/elsa/api/activity-executions/{instanceId}:999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var instance = await client.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-instances/{instanceId}");
        Assert.Equal("Running", instance.GetProperty("status").GetString());
        Assert.Equal("Suspended", instance.GetProperty("subStatus").GetString());
        Assert.Equal("flowchart:inventory", instance.GetProperty("workflowState").GetProperty("bookmarks")[0].GetProperty("activityNodeId").GetString());
    }

    [Fact]
    public async Task The_instance_list_pages_and_filters_by_status()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        await agent.WaitForInstructionAsync();
        using var cancel = await client.PostAsync($"/api/v1/runs/{runId}/cancel", null);
        cancel.EnsureSuccessStatusCode();
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client, name: "node-2", mac: "52:54:00:12:34:57"));
        await VettingApp.WaitForStateAsync(client, second, "WaitingWoL");

        var all = await ListInstancesAsync(client, """{"page":0,"pageSize":10,"orderDirection":"Descending"}""");
        var suspended = await ListInstancesAsync(client, """{"page":0,"pageSize":10,"subStatuses":["Suspended"]}""");
        var secondPage = await ListInstancesAsync(client, """{"page":1,"pageSize":1,"orderDirection":"Descending"}""");
        using var bad = await client.PostAsync("/elsa/api/workflow-instances", new StringContent("""{"statuses":["Sleeping"]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(2, all.GetProperty("totalCount").GetInt32());
        Assert.Equal(["run-2", "run-1"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("correlationId").GetString()));
        Assert.Equal(["run-2"], suspended.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("correlationId").GetString()));
        Assert.Equal(["run-1"], secondPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("correlationId").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Sleeping", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_from_Studio_cancels_the_run_and_deleting_instances_is_refused()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        await agent.WaitForInstructionAsync();
        var (instanceId, _) = await InstanceOfRunAsync(client, runId);

        using var delete = await client.DeleteAsync($"/elsa/api/workflow-instances/{instanceId}");
        using var cancel = await client.PostAsync($"/elsa/api/cancel/workflow-instances/{instanceId}", null);
        using var again = await client.PostAsync($"/elsa/api/cancel/workflow-instances/{instanceId}", null);

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("record of its run", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var run = await VettingApp.WaitForStateAsync(client, runId, "Cancelled");
        Assert.Equal("cancelled", run.GetProperty("verdict").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var updated = await client.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-instances/{instanceId}/updated-at");
        Assert.True(updated.TryGetProperty("updatedAt", out _));
    }

    [Fact]
    public async Task An_export_imports_back_as_the_next_version_and_keeps_Elsa_string_variable_values()
    {
        var client = _app.CreateClient();

        using var export = await client.GetAsync("/elsa/api/workflow-definitions/vetting/export?versionOptions=Published");
        export.EnsureSuccessStatusCode();
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        var file = JsonNode.Parse(await export.Content.ReadAsStringAsync())!.AsObject();
        Assert.Null(file["links"]);
        Assert.Equal(JsonValueKind.String, file["variables"]![0]!["value"]!.GetValueKind());

        using var imported = await PostJsonAsync(client, "/elsa/api/workflow-definitions/import", file);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var definition = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, definition.GetProperty("version").GetInt32());
        Assert.True(definition.GetProperty("isPublished").GetBoolean());

        file.Remove("definitionId");
        file["name"] = "Vetting copy";
        using var copy = await PostJsonAsync(client, "/elsa/api/workflow-definitions/import", file);
        var copied = await copy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual("vetting", copied.GetProperty("definitionId").GetString());
        Assert.Equal(32, copied.GetProperty("definitionId").GetString()!.Length);
    }

    [Fact]
    public async Task Bad_requests_get_problems_that_name_the_field()
    {
        var client = _app.CreateClient();

        using var version = await client.GetAsync("/elsa/api/workflow-definitions?versionOptions=Newest");
        using var pageSize = await client.GetAsync("/elsa/api/workflow-definitions?PageSize=0");
        using var noModel = await PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["publish"] = true });
        using var noRoot = await PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["model"] = new JsonObject { ["name"] = "x" } });
        using var missing = await client.GetAsync("/elsa/api/workflow-instances/nope");
        using var delete = await client.DeleteAsync("/elsa/api/workflow-definitions/vetting");

        Assert.Contains("Newest", await ProblemAsync(version, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("pageSize", await ProblemAsync(pageSize, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("model", await ProblemAsync(noModel, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("root", await ProblemAsync(noRoot, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("nope", await ProblemAsync(missing, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("runs and their reports", await ProblemAsync(delete, HttpStatusCode.Conflict), StringComparison.Ordinal);
        var versions = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions/vetting/versions");
        Assert.Single(versions!);
    }

    [Fact]
    public async Task A_cross_site_save_is_refused_like_any_operator_write()
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/elsa/api/workflow-definitions")
        {
            Content = new StringContent("""{"model":{"definitionId":"x","root":{"id":"f","type":"Elsa.Flowchart"}},"publish":false}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await client.SendAsync(request);
        using var form = await client.PostAsync("/elsa/api/workflow-definitions", new StringContent("model=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions"))!);
    }

    internal static async Task<(string InstanceId, string VersionId)> InstanceOfRunAsync(HttpClient client, int runId)
    {
        var run = await VettingApp.GetRunAsync(client, runId);
        var instanceId = run.GetProperty("workflow").GetProperty("instanceId").GetString()!;
        var instance = await client.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-instances/{instanceId}");
        return (instanceId, instance.GetProperty("definitionVersionId").GetString()!);
    }

    internal static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, JsonNode body) =>
        client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ListInstancesAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/elsa/api/workflow-instances", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return text;
    }
}
