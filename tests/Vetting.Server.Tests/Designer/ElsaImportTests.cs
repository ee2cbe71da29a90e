using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Tests.Support;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Tests.Designer;

/// <summary>An Elsa 3 export imported through /elsa/api runs on our runtime and exports back in Elsa's shapes.</summary>
public sealed class ElsaImportTests : IDisposable
{
    // Written the way Elsa 3.x exports a workflow: no definitionId (a file shared between servers), Studio's node ids
    // and tool version, variable values as text, SetVariable naming its variable by object, one connection in Elsa
    // 3.0's flat shape, `customProperties: null` and a top-level canStartWorkflow.
    private const string Export = """
        {
          "name": "Count to three",
          "version": 1,
          "toolVersion": "3.8.2.0",
          "isLatest": true,
          "isPublished": true,
          "variables": [ { "id": "3f9a", "name": "Counter", "typeName": "Int32", "value": "0", "isArray": false, "storageDriverTypeName": null } ],
          "inputs": [], "outputs": [], "outcomes": [],
          "customProperties": null,
          "options": { "usableAsActivity": false, "autoUpdateConsumingWorkflows": false },
          "root": {
            "id": "Flowchart1", "nodeId": "Workflow1:Flowchart1", "type": "Elsa.Flowchart", "version": 1, "customProperties": null, "metadata": {},
            "activities": [
              { "id": "Start1", "nodeId": "Workflow1:Flowchart1:Start1", "type": "Elsa.Start", "version": 1, "canStartWorkflow": true, "customProperties": null,
                "metadata": { "designer": { "position": { "x": 0, "y": 0 } } } },
              { "id": "Decision1", "nodeId": "Workflow1:Flowchart1:Decision1", "type": "Elsa.FlowDecision", "version": 1, "customProperties": null,
                "condition": { "typeName": "Boolean", "expression": { "type": "JavaScript", "value": "getCounter() < 3" } },
                "metadata": { "designer": { "position": { "x": 200, "y": 0 } } } },
              { "id": "SetVariable1", "nodeId": "Workflow1:Flowchart1:SetVariable1", "type": "Elsa.SetVariable", "version": 1, "customProperties": null,
                "variable": { "id": "3f9a", "name": "Counter", "typeName": "Int32", "value": "0" },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCounter() + 1" } },
                "metadata": { "designer": { "position": { "x": 200, "y": 160 } } } },
              { "id": "End1", "nodeId": "Workflow1:Flowchart1:End1", "type": "Elsa.End", "version": 1, "customProperties": null,
                "metadata": { "designer": { "position": { "x": 400, "y": 0 } } } }
            ],
            "connections": [
              { "source": { "activity": "Start1", "port": "Done" }, "target": { "activity": "Decision1", "port": "In" } },
              { "source": { "activity": "Decision1", "port": "True" }, "target": { "activity": "SetVariable1", "port": "In" } },
              { "source": "SetVariable1", "target": "Decision1", "sourcePort": "Done", "targetPort": "In" },
              { "source": { "activity": "Decision1", "port": "False" }, "target": { "activity": "End1", "port": "In" } }
            ]
          }
        }
        """;

    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_Elsa_export_imports_runs_and_exports_back()
    {
        var client = _app.CreateClient();

        using var imported = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions/import", JsonNode.Parse(Export)!);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var definition = await imported.Content.ReadFromJsonAsync<JsonElement>();
        var definitionId = definition.GetProperty("definitionId").GetString()!;
        Assert.True(definition.GetProperty("isPublished").GetBoolean());
        Assert.Equal("Workflow1:Flowchart1:SetVariable1", definition.GetProperty("root").GetProperty("activities")[2].GetProperty("nodeId").GetString());

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(definitionId, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(WorkflowStatus.Finished, instance.Status);
            Assert.Equal(3, instance.Variables["Counter"].GetInt32());
        }

        using var export = await client.GetAsync($"/elsa/api/workflow-definitions/{definitionId}/export", TestContext.Current.CancellationToken);
        var file = JsonNode.Parse(await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        var original = JsonNode.Parse(Export)!.AsObject();
        Assert.Equal("0", file["variables"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(original["root"]!["activities"]![2]!["variable"]!.ToJsonString(), file["root"]!["activities"]![2]!["variable"]!.ToJsonString());
        Assert.True(file["root"]!["activities"]![0]!["canStartWorkflow"]!.GetValue<bool>());
        // The flat 3.0 connection comes back in the current shape, the same edge.
        var back = file["root"]!["connections"]!.AsArray().Single(c => c!["source"]!["activity"]!.GetValue<string>() == "SetVariable1")!;
        Assert.Equal("Decision1", back["target"]!["activity"]!.GetValue<string>());
        Assert.Equal("Done", back["source"]!["port"]!.GetValue<string>());
        foreach (var key in new[] { "links", "isReadonly", "materializerName" })
            Assert.Null(file[key]);

        // The export is itself an importable file: as it is, it changes nothing; edited, it becomes version 2.
        using var same = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions/import", file.DeepClone());
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(1, (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        file["description"] = "counts to three, edited elsewhere";
        using var again = await ElsaApiContractTests.PostJsonAsync(client, "/elsa/api/workflow-definitions/import", file);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(definitionId, second.GetProperty("definitionId").GetString());
        Assert.Equal(2, second.GetProperty("version").GetInt32());
    }
}
