using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Activities.Ports;
using Vetting.Server.Data;
using Vetting.Server.Hosts;
using Vetting.Server.Notifications;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Runs;

/// <summary>The workflow's Notify steps reach the notifiers once, and only after the step that sent them committed.</summary>
public sealed class RunNotificationTests : IDisposable
{
    private readonly RecordingNotifier _notifier = new();
    private readonly VettingApp _app;

    public RunNotificationTests()
    {
        _app = new VettingApp(services: s => s.AddSingleton<INotifier>(_notifier));
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_passed_run_sends_one_passed_notification()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);

        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(client, runId, "Passed");

        var sent = Assert.Single(await _notifier.WaitForAsync(1));
        Assert.Equal((NotificationEvents.Passed, runId, "node-1", "node-1: vetting passed"), (sent.Event, sent.RunId, sent.HostName, sent.Title));
        Assert.Equal($"http://localhost/api/v1/runs/{runId}/report.html", sent.Link);
        Assert.Equal($"Run {runId} (quick) passed.", sent.Message);
        // A little later there is still only one: nothing is re-sent by later steps or the scheduler.
        await Task.Delay(300);
        Assert.Single(_notifier.Sent);
    }

    [Fact]
    public async Task A_failed_stage_sends_a_held_notification_with_the_ssh_command()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client,
            i => i.Stage == "cpu" ? SimulatedAgent.Results.Fail("verify-errors", "stress-ng: 3 verification failures") : SimulatedAgent.Results.Pass(i.Stage!));

        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(client, runId, "FailedHolding");

        var sent = Assert.Single(await _notifier.WaitForAsync(1));
        Assert.Equal((NotificationEvents.Held, "node-1: vetting failed at cpu, node held for SSH"), (sent.Event, sent.Title));
        Assert.StartsWith($"Run {runId} (quick) failed at cpu; the node is held for SSH.\n", sent.Message, StringComparison.Ordinal);
        Assert.Contains("Failure: verify-errors: stress-ng: 3 verification failures", sent.Message, StringComparison.Ordinal);
        Assert.Contains("SSH: ssh -i ", sent.Message, StringComparison.Ordinal);
        Assert.Contains("root@10.77.0.50", sent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_the_agent_could_not_run_makes_the_run_inconclusive_everywhere_the_verdict_is_shown()
    {
        var client = _app.CreateClient();
        const string why = "memtester tested nothing: no test over 16 MB finished within 60 s";
        var (runId, agent) = await _app.StartRunWithAgentAsync(client,
            i => i.Stage == "memory" ? SimulatedAgent.Results.Error("timeout", why) : SimulatedAgent.Results.Pass(i.Stage!));

        await agent.RunStagesAsync();
        var run = await VettingApp.WaitForStateAsync(client, runId, "FailedHolding");

        var sent = Assert.Single(await _notifier.WaitForAsync(1));
        Assert.Equal((NotificationEvents.Held, "node-1: vetting inconclusive at memory, node held for SSH"), (sent.Event, sent.Title));
        Assert.StartsWith($"Run {runId} (quick) was inconclusive at memory; the node is held for SSH.\nNot tested: timeout: {why}", sent.Message, StringComparison.Ordinal);
        Assert.Equal("inconclusive", run.GetProperty("verdict").GetString());
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/report.json");
        Assert.Equal("inconclusive", report.GetProperty("verdict").GetString());
        var html = await client.GetStringAsync($"/api/v1/runs/{runId}/report.html");
        Assert.Contains("<div class=\"verdict\">INCONCLUSIVE</div>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Not tested</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">FAILED<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hardware_fault_is_failed_not_inconclusive()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client,
            i => i.Stage == "memory" ? SimulatedAgent.Results.Fail("verify-errors", "memtester reported 1 FAILURE") : SimulatedAgent.Results.Pass(i.Stage!));

        await agent.RunStagesAsync();
        var run = await VettingApp.WaitForStateAsync(client, runId, "FailedHolding");

        Assert.Equal("failed", run.GetProperty("verdict").GetString());
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/report.json");
        Assert.Equal("failed", report.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_hold_that_faults_sends_failed_instead_of_the_held_notification_its_step_had_queued()
    {
        // A file where the hold keys' directory belongs: HoldForSsh cannot create the key and the workflow faults.
        Directory.CreateDirectory(_app.DataDir);
        await File.WriteAllTextAsync(Path.Combine(_app.DataDir, "holds"), "", TestContext.Current.CancellationToken);
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client,
            i => i.Stage == "cpu" ? SimulatedAgent.Results.Fail("verify-errors", "stress-ng: 3 verification failures") : SimulatedAgent.Results.Pass(i.Stage!));

        await agent.RunStagesAsync();
        var run = await VettingApp.WaitForStateAsync(client, runId, "Failed");

        Assert.Equal("workflow-faulted", run.GetProperty("failure").GetProperty("reason").GetString());
        var sent = Assert.Single(await _notifier.WaitForAsync(1));
        Assert.Equal((NotificationEvents.Failed, "node-1: vetting failed"), (sent.Event, sent.Title));
        Assert.StartsWith($"Run {runId} (quick) failed.\nFailure: workflow-faulted: activity ", sent.Message, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Single(_notifier.Sent);
    }

    [Fact]
    public async Task A_Notify_whose_script_yields_an_unknown_event_sends_nothing_says_so_in_the_run_log_and_does_not_fail_the_run()
    {
        var client = _app.CreateClient();
        // An edit in the designer: the passed notification's event becomes a script with a typo in its result.
        var definition = JsonNode.Parse(await client.GetStringAsync("/api/v1/workflow-definitions/vetting"))!.AsObject();
        var notify = definition["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "notifyPassed")!;
        notify["event"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "'pased'" } };
        using (var saved = await client.PostAsync("/api/v1/workflow-definitions", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            saved.EnsureSuccessStatusCode();
        }

        using (var published = await client.PostAsync("/api/v1/workflow-definitions/vetting/publish", null))
        {
            published.EnsureSuccessStatusCode();
        }

        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(client, runId, "Passed");

        Assert.Contains("notify: event 'pased' is not one of passed, failed, held, cancelled; nothing was sent",
            await client.GetStringAsync($"/api/v1/runs/{runId}/log?tail=50"), StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task A_cancelled_run_sends_one_cancelled_notification()
    {
        var client = _app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");

        using var cancel = await client.PostAsync($"/api/v1/runs/{runId}/cancel", null);
        cancel.EnsureSuccessStatusCode();

        var sent = Assert.Single(await _notifier.WaitForAsync(1));
        Assert.Equal((NotificationEvents.Cancelled, "node-1: vetting cancelled", $"Run {runId} (quick) was cancelled."), (sent.Event, sent.Title, sent.Message));
    }

    [Fact]
    public async Task An_after_commit_action_runs_once_after_a_successful_save_and_never_after_a_failed_one()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        var domainEvents = scope.ServiceProvider.GetRequiredService<CommitPublisher>();
        var ran = new List<string>();
        var now = DateTimeOffset.UnixEpoch;
        db.Hosts.Add(new RegisteredHost { Name = "a", Mac = "52:54:00:00:00:01", WolBroadcast = "127.0.0.1", CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();

        // Same name as a live host: the unique index refuses the save, and the action goes with it.
        domainEvents.AfterCommit(db, () => ran.Add("rolled back"));
        var duplicate = new RegisteredHost { Name = "a", Mac = "52:54:00:00:00:02", WolBroadcast = "127.0.0.1", CreatedAt = now, UpdatedAt = now };
        db.Hosts.Add(duplicate);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        duplicate.Name = "b";
        await db.SaveChangesAsync();
        Assert.Empty(ran);

        domainEvents.AfterCommit(db, () => ran.Add("committed"));
        Assert.Empty(ran);
        duplicate.WolBroadcast = "127.0.0.255";
        await db.SaveChangesAsync();
        duplicate.WolBroadcast = "127.0.0.1";
        await db.SaveChangesAsync();

        Assert.Equal(["committed"], ran);
    }
}
