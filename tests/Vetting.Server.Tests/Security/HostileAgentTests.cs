using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Protocol;
using Vetting.Server.Data;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Security;

/// <summary>
/// The node under test is not trusted: whoever fetched a waiting MAC's boot script holds the run's token. What it
/// sends must not reach the operator's ssh command line, the run log or notifications as anything but data.
/// </summary>
public sealed class HostileAgentTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("$(id)")]
    [InlineData("10.77.0.50;id")]
    [InlineData("10.77.0.50 -oProxyCommand=id")]
    [InlineData("-oProxyCommand=touch /tmp/pwned")]
    [InlineData("10.77.0.50\nssh root@evil")]
    [InlineData("10.1")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("")]
    public async Task A_hello_whose_ip_is_not_an_ip_address_is_refused_naming_the_field(string ip)
    {
        var (_, agent) = await StartAsync(hello: false);

        using var response = await agent.SendAsync(HttpMethod.Post, "hello", Hello(ip: ip));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("ip", out _));
        var agentSeen = (await VettingApp.GetRunAsync(_app.CreateClient(), agent.RunId)).GetProperty("agent");
        Assert.True(agentSeen.ValueKind == JsonValueKind.Null || agentSeen.GetProperty("ip").ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [InlineData("hostname", "node\r\n2026-12-02T00:00:00.000Z orchestrator: state Network → Passed")]
    [InlineData("hostname", "$(reboot)")]
    [InlineData("agentVersion", "1.0\u001b[2J")]
    [InlineData("kernel", "6.1.0 ; id")]
    [InlineData("bootId", "x y")]
    public async Task Hello_text_fields_outside_their_character_set_are_refused(string field, string value)
    {
        var (_, agent) = await StartAsync(hello: false);

        using var response = await agent.SendAsync(HttpMethod.Post, "hello", Hello(field: (field, value)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_ssh_command_is_built_from_the_checked_address_and_a_quoted_key_path()
    {
        var (runId, agent) = await StartAsync(i => SimulatedAgent.Results.Fail("verify-errors", "stress-ng: 1 failure"), hello: false);
        (await agent.SendAsync(HttpMethod.Post, "hello", Hello(ip: "FD77::50"))).EnsureSuccessStatusCode();

        await agent.RunStagesAsync();
        var run = await VettingApp.WaitForStateAsync(_app.CreateClient(), runId, "FailedHolding");

        var ssh = run.GetProperty("hold").GetProperty("sshCommand").GetString();
        Assert.Equal($"ssh -i {_app.DataDir}/holds/run-{runId}/id_ed25519 -o StrictHostKeyChecking=no -- root@fd77::50", ssh);
    }

    [Fact]
    public async Task An_address_stored_before_addresses_were_checked_never_becomes_an_ssh_command()
    {
        var (runId, agent) = await StartAsync(i => SimulatedAgent.Results.Fail("verify-errors", "stress-ng: 1 failure"));
        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(_app.CreateClient(), runId, "FailedHolding");

        await _app.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<VettingDbContext>();
            (await db.Runs.SingleAsync(r => r.Id == runId)).AgentIp = "10.77.0.50 -oProxyCommand=id";
            return await db.SaveChangesAsync();
        });

        var run = await VettingApp.GetRunAsync(_app.CreateClient(), runId);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("hold").GetProperty("sshCommand").ValueKind);
    }

    [Fact]
    public void A_key_path_with_shell_characters_is_single_quoted()
    {
        Assert.Equal("/var/lib/vetting/holds/run-1/id_ed25519", Vetting.Server.Runs.HoldKeys.ShellWord("/var/lib/vetting/holds/run-1/id_ed25519"));
        Assert.Equal("'/srv/my data/it'\\''s $(x)'", Vetting.Server.Runs.HoldKeys.ShellWord("/srv/my data/it's $(x)"));
    }

    [Fact]
    public async Task Control_characters_in_agent_log_lines_are_written_escaped()
    {
        var (runId, agent) = await StartAsync();

        using var response = await agent.SendAsync(HttpMethod.Post, "log",
            new StringContent("line one\rfake: state Passed\u001b[31m red \u202Eevil\nline two", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var log = await File.ReadAllTextAsync(LogPath(runId));
        Assert.Contains(@"agent: line one\x0dfake: state Passed\x1b[31m red \u202Eevil", log, StringComparison.Ordinal);
        Assert.Contains("agent: line two", log, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', log);
        Assert.DoesNotContain('\u001b', log);
    }

    [Fact]
    public async Task A_result_over_the_measurement_limit_is_a_413_naming_it_and_changes_nothing()
    {
        var (runId, agent) = await StartAsync();
        var instruction = await agent.WaitForInstructionAsync();
        var result = SimulatedAgent.Results.Pass(instruction.Stage!) with
        {
            Measurements = [.. Enumerable.Range(0, 2001).Select(i => new Measurement { Name = "m" + i, Value = i, Unit = "x" })],
        };

        using var response = await agent.PostResultAsync(instruction.InstructionId, result);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 2000 measurements, this one has 2001", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var run = await VettingApp.GetRunAsync(_app.CreateClient(), runId);
        Assert.Empty(run.GetProperty("measurements").EnumerateArray());
        Assert.Equal("Inventory", run.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_result_at_the_measurement_limit_is_stored_whole()
    {
        var (runId, agent) = await StartAsync();
        var instruction = await agent.WaitForInstructionAsync();
        var result = SimulatedAgent.Results.Pass(instruction.Stage!) with
        {
            Measurements = [.. Enumerable.Range(0, 2000).Select(i => new Measurement { Name = "m" + i, Device = "d" + (i % 40), Value = i, Unit = "x" })],
        };

        using var response = await agent.PostResultAsync(instruction.InstructionId, result);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await VettingApp.GetRunAsync(_app.CreateClient(), runId);
        Assert.Equal(2000, run.GetProperty("measurements").GetArrayLength());
    }

    [Fact]
    public async Task A_summary_with_control_characters_reaches_the_run_as_escaped_text()
    {
        var (runId, agent) = await StartAsync();
        var instruction = await agent.WaitForInstructionAsync();

        using var response = await agent.PostResultAsync(instruction.InstructionId,
            SimulatedAgent.Results.Pass(instruction.Stage!) with { Summary = "ok\r\u001b]0;owned\u0007" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await VettingApp.GetRunAsync(_app.CreateClient(), runId);
        Assert.Equal(@"ok\x0d\x1b]0;owned\x07", run.GetProperty("stages")[0].GetProperty("summary").GetString());
    }

    private async Task<(int RunId, SimulatedAgent Agent)> StartAsync(Func<Instruction, StageResult>? onStage = null, bool hello = true)
    {
        var client = _app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56");
        if (onStage is not null)
        {
            agent.OnStage = onStage;
        }

        await agent.BootAsync();
        if (hello)
        {
            (await agent.HelloAsync()).EnsureSuccessStatusCode();
        }

        return (runId, agent);
    }

    private string LogPath(int runId) => Path.Combine(_app.Root, "logs", $"run-{runId}.log");

    private static StringContent Hello(string ip = "10.77.0.50", (string Name, string Value)? field = null)
    {
        var body = new Dictionary<string, object>
        {
            ["agentVersion"] = "1.2.3",
            ["bootId"] = "5f0e7c1a-9d2b-4c8e-a1f3-6b7d8e9f0a1b",
            ["hostname"] = "sim-node",
            ["ip"] = ip,
            ["macs"] = new[] { "52:54:00:12:34:56" },
            ["kernel"] = "6.1.0-28-amd64",
        };
        if (field is { } f)
        {
            body[f.Name] = f.Value;
        }

        return new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    }
}
