using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Designer;

/// <summary><c>designer.mode: readonly</c>: Studio gets no publish links (its editor turns read-only) and every write is refused.</summary>
public sealed class ReadOnlyDesignerTests : IDisposable
{
    private readonly VettingApp _app = new(extraYaml: "designer:\n  mode: readonly\n");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Read_only_mode_omits_the_publish_links_and_refuses_saves()
    {
        var client = _app.CreateClient();

        var model = await client.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest");
        var list = await client.GetFromJsonAsync<JsonElement>("/elsa/api/workflow-definitions?versionOptions=Latest");
        var designer = await client.GetFromJsonAsync<JsonElement>("/api/v1/designer");
        using var save = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions", new JsonObject { ["model"] = model!.DeepClone(), ["publish"] = true });
        using var publish = await client.PostAsync("/elsa/api/workflow-definitions/vetting/publish", null);

        Assert.DoesNotContain(model["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        Assert.True(model["isReadonly"]!.GetValue<bool>());
        Assert.Empty(list.GetProperty("links").EnumerateArray());
        Assert.Equal("readonly", designer.GetProperty("mode").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        Assert.Contains("designer.mode", await save.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/v1/workflow-definitions/vetting/versions"))!);
    }

    [Fact]
    public async Task Read_only_mode_does_not_let_Studio_cancel_a_run()
    {
        var client = _app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        var run = await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");

        using var cancel = await client.PostAsync($"/elsa/api/cancel/workflow-instances/{run.GetProperty("workflow").GetProperty("instanceId").GetString()}", null);

        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Contains("designer.mode", await cancel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("WaitingWoL", (await VettingApp.GetRunAsync(client, runId)).GetProperty("state").GetString());
    }
}
