using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vetting.Protocol;
using Vetting.Server.Configuration;
using Vetting.Server.Sites;
using Vetting.Server.Tests.Support;
using Vetting.Workflows.Hosting;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Tests.Data;

/// <summary>Two orchestrator processes on one PostgreSQL database: a step of an instance is executed by one of them only.</summary>
public sealed class TwoOrchestratorTests
{
    private sealed class StepRecorder : IWorkflowInstanceObserver
    {
        public ConcurrentBag<(string Orchestrator, string InstanceId, WorkflowStatus Status)> Steps { get; } = [];

        public string Name { get; init; } = "";

        public ValueTask OnStepAsync(WorkflowInstance instance, WorkflowStatus previousStatus, CancellationToken cancellationToken)
        {
            Steps.Add((Name, instance.Id, instance.Status));
            return ValueTask.CompletedTask;
        }
    }

    private static WorkflowTimerService Timers(VettingApp app) =>
        app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<WorkflowTimerService>().Single();

    [Fact]
    public async Task Due_timers_fired_by_both_at_once_run_each_step_once()
    {
        TestDatabase.RequirePostgres("two orchestrators sharing one database");
        var clock = new FakeTimeProvider(VettingApp.Epoch);
        var a = new StepRecorder { Name = "a" };
        var b = new StepRecorder { Name = "b" };
        var rootB = Directory.CreateTempSubdirectory("vetting-it-b-").FullName;
        using var first = new VettingApp(clock: clock, extraYaml: "runs:\n  max_concurrent: 10\n", services: s => s.AddSingleton<IWorkflowInstanceObserver>(a));
        var client = first.CreateClient();
        var runs = new List<int>();
        for (var i = 1; i <= 6; i++)
        {
            var host = await first.CreateHostAsync(client, name: $"node-{i}", mac: $"52:54:00:00:01:{i:x2}");
            runs.Add(await VettingApp.StartRunAsync(client, host));
        }

        foreach (var run in runs)
        {
            await VettingApp.WaitForStateAsync(client, run, "WaitingWoL");
        }

        // The second orchestrator opens the same database (the first one's connection string) on the same clock.
        File.Copy(Path.Combine(first.Root, "postgres-database"), Path.Combine(rootB, "postgres-database"));
        // Both processes are of the same site. Normally the second would stand by (SiteLease) until the first stops; here
        // its lease is for another name, so both look for the site's work at once, as they can for the moments a
        // failover overlaps (a holder that lost its lease connection is still stopping when the standby takes over).
        var connectionString = File.ReadAllText(Path.Combine(rootB, "postgres-database"));
        using var second = new VettingApp(rootB, clock: clock, services: s =>
        {
            s.AddSingleton<IWorkflowInstanceObserver>(b);
            s.AddSingleton(sp => ActivatorUtilities.CreateInstance<SiteLease>(sp, connectionString, new SiteOptions { Name = "overlap" }));
        });
        try
        {
            _ = second.CreateClient();
            a.Steps.Clear();
            clock.Advance(TimeSpan.FromMinutes(11));
            var fired = await Task.WhenAll(
                Timers(first).FireDueAsync(TestContext.Current.CancellationToken),
                Timers(second).FireDueAsync(TestContext.Current.CancellationToken),
                Timers(first).FireDueAsync(TestContext.Current.CancellationToken),
                Timers(second).FireDueAsync(TestContext.Current.CancellationToken));

            foreach (var run in runs)
            {
                var ended = await VettingApp.WaitForStateAsync(client, run, "Failed");
                Assert.Equal("boot-timeout", ended.GetProperty("failure").GetProperty("reason").GetString());
            }

            // Each boot timeout's step ran once, in one process or the other; the background loops fired none twice.
            var steps = a.Steps.Concat(b.Steps).ToList();
            var perInstance = steps.GroupBy(s => s.InstanceId).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(6, perInstance.Count);
            Assert.All(perInstance.Values, count => Assert.Equal(1, count));
            Assert.True(fired.Sum() <= 6, $"fired {string.Join("+", fired)}");
            foreach (var run in runs)
            {
                var instance = (await VettingApp.GetRunAsync(client, run)).GetProperty("workflow").GetProperty("instanceId").GetString();
                var state = await client.GetFromJsonAsync<JsonElement>($"/api/v1/workflow-instances/{instance}", TestContext.Current.CancellationToken);
                Assert.Single(state.GetProperty("journal").EnumerateArray(), e => e.GetProperty("event").GetString() == "TimerFired");
            }
        }
        finally
        {
            Directory.Delete(rootB, recursive: true);
        }
    }
}
