using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Designer;

/// <summary>/elsa/api's query semantics where Elsa's are easy to get subtly wrong, and saves racing publishes.</summary>
public sealed class ElsaApiQueryTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AllVersions_and_a_list_without_version_options_return_every_version()
    {
        var client = _app.CreateClient();
        var model = await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest");
        model!["description"] = "A draft with another description";
        using (var saved = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = false }))
            saved.EnsureSuccessStatusCode();

        foreach (var path in new[] { "/elsa/api/workflow-definitions?versionOptions=AllVersions", "/elsa/api/workflow-definitions?versionOptions=All", "/elsa/api/workflow-definitions" })
        {
            var page = await client.GetFromJsonAsync<JsonElement>(path);
            Assert.Equal([1, 2], page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("version").GetInt32()).Order());
        }

        var latest = await client.GetFromJsonAsync<JsonElement>("/elsa/api/workflow-definitions?versionOptions=Latest");
        Assert.Equal(2, Assert.Single(latest.GetProperty("items").EnumerateArray()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Status_sub_status_and_incident_filters_narrow_each_other()
    {
        var client = _app.CreateClient();
        var (cancelled, agent) = await _app.StartRunWithAgentAsync(client);
        await agent.WaitForInstructionAsync();
        (await client.PostAsync($"/api/v1/runs/{cancelled}/cancel", null)).EnsureSuccessStatusCode();
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var waiting = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client, name: "node-2", mac: "52:54:00:12:34:57"));
        await VettingApp.WaitForStateAsync(client, waiting, "WaitingWoL");

        Assert.Equal(["run-1"], await RunsAsync(client, """{"statuses":["Finished"]}"""));
        Assert.Equal(["run-2"], await RunsAsync(client, """{"statuses":["Running"]}"""));
        Assert.Equal(["run-1"], await RunsAsync(client, """{"statuses":["Finished"],"subStatuses":["Cancelled"]}"""));
        Assert.Empty(await RunsAsync(client, """{"statuses":["Finished"],"subStatuses":["Faulted"]}"""));
        Assert.Empty(await RunsAsync(client, """{"subStatuses":["Finished"]}"""));
        Assert.Empty(await RunsAsync(client, """{"statuses":["Running"],"subStatuses":["Cancelled"]}"""));
        Assert.Empty(await RunsAsync(client, """{"hasIncidents":true}"""));
        Assert.Equal(["run-2", "run-1"], await RunsAsync(client, """{"hasIncidents":false}"""));
    }

    [Fact]
    public async Task Pages_past_the_end_are_empty_and_odd_query_strings_are_not_errors()
    {
        var client = _app.CreateClient();

        var far = await client.GetFromJsonAsync<JsonElement>("/elsa/api/workflow-definitions?Page=2147484&PageSize=1000");
        using var emptyKey = await client.GetAsync("/elsa/api/workflow-instances?=1");
        using var negative = await client.GetAsync("/elsa/api/workflow-definitions?Page=-1&PageSize=10");

        Assert.Empty(far.GetProperty("items").EnumerateArray());
        Assert.Equal(1, far.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, emptyKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
    }

    [Fact]
    public async Task Autosaves_racing_a_publish_leave_exactly_one_published_version_with_the_published_content()
    {
        var client = _app.CreateClient();
        var model = (await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest"))!;

        // As a browser does when an edit's auto-save and the Publish click leave together: all at once.
        var requests = Enumerable.Range(0, 8).Select(i => SaveAsync(client, model, publish: i == 3)).ToList();
        var statuses = await Task.WhenAll(requests);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var versions = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions/vetting/versions");
        var published = Assert.Single(versions!, v => v.GetProperty("isPublished").GetBoolean());
        Assert.Single(versions!, v => v.GetProperty("isLatest").GetBoolean());
        var content = await client.GetFromJsonAsync<JsonObject>($"/api/v1/workflow-definitions/vetting?version={published.GetProperty("version").GetInt32()}");
        Assert.Equal("Vetting", content!["name"]!.GetValue<string>());
        Assert.Equal(versions!.Length, versions.Select(v => v.GetProperty("version").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task Publishing_what_is_already_published_makes_no_new_version()
    {
        var client = _app.CreateClient();
        var model = (await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest"))!;

        using var again = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["model"] = model.DeepClone(), ["publish"] = true });
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(body.GetProperty("alreadyPublished").GetBoolean());
        Assert.Equal(1, body.GetProperty("workflowDefinition").GetProperty("version").GetInt32());
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions/vetting/versions"))!);
    }

    private static async Task<HttpStatusCode> SaveAsync(HttpClient client, JsonObject model, bool publish)
    {
        using var response = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions",
            new JsonObject { ["model"] = model.DeepClone(), ["publish"] = publish });
        return response.StatusCode;
    }

    private static async Task<List<string?>> RunsAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/elsa/api/workflow-instances", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("correlationId").GetString())];
    }
}
