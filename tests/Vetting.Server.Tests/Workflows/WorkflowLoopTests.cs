using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Tests.Support;
using Vetting.Workflows.Hosting;

namespace Vetting.Server.Tests.Workflows;

/// <summary>A published definition that loops without waiting fails its own run and nobody else's.</summary>
public sealed class WorkflowLoopTests : IDisposable
{
    private const string Loop = """
        {
          "definitionId": "spin", "name": "Spin", "version": 1,
          "variables": [ { "id": "v1", "name": "count", "typeName": "Int32", "value": 0 } ],
          "root": { "id": "flowchart1", "type": "Elsa.Flowchart", "version": 1,
            "activities": [
              { "id": "decide", "type": "Elsa.FlowDecision", "version": 1, "customProperties": { "canStartWorkflow": true },
                "condition": { "typeName": "Boolean", "expression": { "type": "JavaScript", "value": "getVariable('count') >= 0" } } },
              { "id": "bump", "type": "Elsa.SetVariable", "version": 1,
                "variable": { "typeName": "String", "expression": { "type": "Literal", "value": "count" } },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getVariable('count') + 1" } } },
              { "id": "end", "type": "Vetting.PowerOff", "version": 1,
                "verdict": { "typeName": "String", "expression": { "type": "Literal", "value": "passed" } } }
            ],
            "connections": [
              { "source": { "activity": "decide", "port": "True" },  "target": { "activity": "bump", "port": "In" } },
              { "source": { "activity": "bump", "port": "Done" },    "target": { "activity": "decide", "port": "In" } },
              { "source": { "activity": "decide", "port": "False" }, "target": { "activity": "end", "port": "In" } }
            ] }
        }
        """;

    private readonly VettingApp _app = new(services: s => s.Configure<WorkflowRuntimeOptions>(o => o.MaxActivitiesPerStep = 400));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_run_of_a_workflow_that_loops_forever_fails_naming_the_loop_and_other_runs_still_start()
    {
        var client = _app.CreateClient();
        using (var saved = await client.PostAsync("/api/v1/workflow-definitions", new StringContent(Loop, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        using (var published = await client.PostAsync("/api/v1/workflow-definitions/spin/publish", null))
        {
            published.EnsureSuccessStatusCode();
        }

        var spinning = await _app.CreateHostAsync(client, name: "spinner", mac: "52:54:00:00:00:01");
        using var started = await client.PostAsJsonAsync($"/api/v1/hosts/{spinning}/runs", new { workflow = "spin" });
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var failed = await VettingApp.WaitForStateAsync(client, runId, "Failed");
        var failure = failed.GetProperty("failure");
        Assert.Equal("workflow-faulted", failure.GetProperty("reason").GetString());
        Assert.Contains("loops forever", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("'decide' 200×", failure.GetProperty("message").GetString(), StringComparison.Ordinal);

        // The scheduler was not held up: a run of the shipped workflow still starts.
        var other = await _app.CreateHostAsync(client, name: "node-2", mac: "52:54:00:00:00:02");
        var next = await VettingApp.StartRunAsync(client, other);
        await VettingApp.WaitForStateAsync(client, next, "WaitingWoL");
    }
}
