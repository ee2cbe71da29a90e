// Over 250 lines on purpose: the agent API contract endpoint by endpoint (agent-protocol.md), one fixture.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Protocol;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Agents;

/// <summary>The agent API's rules: tokens, sizes, names, idempotent results, malformed bodies.</summary>
public sealed class AgentApiTests : IDisposable
{
    private readonly VettingApp _app = new(extraYaml: "artifacts:\n  max_upload_mb: 1\n");

    public void Dispose() => _app.Dispose();

    private async Task<(HttpClient Client, SimulatedAgent Agent)> BootedAsync(string name = "node-1", string mac = "52:54:00:12:34:56")
    {
        var client = _app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client, name, mac));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, mac);
        await agent.BootAsync();
        return (client, agent);
    }

    [Fact]
    public async Task Token_matrix_none_malformed_other_runs_and_ended_runs()
    {
        var (client, a) = await BootedAsync();
        var (_, b) = await BootedAsync("node-2", "52:54:00:00:00:02");
        await a.HelloAsync();

        using var none = await client.PostAsync($"/api/v1/runs/{a.RunId}/heartbeat", null);
        using var malformed = await a.SendAsync(HttpMethod.Post, "heartbeat", token: "not-a-token");
        using var unknown = await a.SendAsync(HttpMethod.Post, "heartbeat", token: new string('A', 43));
        using var other = await a.SendAsync(HttpMethod.Post, "heartbeat", token: b.Token);
        using var own = await a.SendAsync(HttpMethod.Post, "heartbeat");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);

        using var cancel = await client.PostAsync($"/api/v1/runs/{a.RunId}/cancel", null);
        await VettingApp.WaitForStateAsync(client, a.RunId, "Cancelled");
        // A live agent may still collect its poweroff; after that the run is gone for it.
        Assert.Equal(InstructionKinds.PowerOff, (await a.WaitForInstructionAsync()).Kind);
        using var ended = await a.SendAsync(HttpMethod.Post, "heartbeat");
        Assert.Equal(HttpStatusCode.Gone, ended.StatusCode);
    }

    [Fact]
    public async Task The_token_is_stored_only_as_a_hash()
    {
        var (_, agent) = await BootedAsync();

        string all;
        if (TestDatabase.IsPostgres)
        {
            all = await PostgresTextAsync();
        }
        else
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_app.DataDir, "vetting.db"));
            var wal = Path.Combine(_app.DataDir, "vetting.db-wal");
            all = Encoding.ASCII.GetString(bytes) + (File.Exists(wal) ? Encoding.ASCII.GetString(await File.ReadAllBytesAsync(wal)) : "");
        }

        Assert.Equal(43, agent.Token.Length);
        Assert.DoesNotContain(agent.Token, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hello_with_missing_fields_or_bad_JSON_is_400_and_changes_nothing()
    {
        var (client, agent) = await BootedAsync();

        using var missing = await agent.SendAsync(HttpMethod.Post, "hello", new StringContent("""{"agentVersion":"1"}""", Encoding.UTF8, "application/json"));
        using var broken = await agent.SendAsync(HttpMethod.Post, "hello", new StringContent("""{"agentVersion":""", Encoding.UTF8, "application/json"));
        using var wrongType = await agent.SendAsync(HttpMethod.Post, "hello", new StringContent("hello", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Contains("bootId", await missing.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Booting", (await VettingApp.GetRunAsync(client, agent.RunId)).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData(".hidden")]
    [InlineData("a%20b")]
    public async Task Artifact_names_outside_the_pattern_are_refused(string name)
    {
        var (client, agent) = await BootedAsync();
        await agent.HelloAsync();

        using var response = await agent.SendAsync(HttpMethod.Put, $"artifacts/{name}", new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/runs/{agent.RunId}/artifacts") ?? []);
    }

    [Fact]
    public async Task An_artifact_over_the_size_limit_is_413_and_leaves_no_file()
    {
        var (client, agent) = await BootedAsync();
        await agent.HelloAsync();

        using var response = await agent.SendAsync(HttpMethod.Put, "artifacts/big.log", new ByteArrayContent(new byte[1024 * 1024 + 1]));
        using var chunked = await agent.SendAsync(HttpMethod.Put, "artifacts/big2.log", new StreamContent(new MemoryStream(new byte[1024 * 1024 + 1])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        var dir = Path.Combine(_app.DataDir, "artifacts", $"run-{agent.RunId}");
        Assert.True(!Directory.Exists(dir) || Directory.GetFiles(dir).Length == 0);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/runs/{agent.RunId}/artifacts") ?? []);
    }

    [Fact]
    public async Task Results_are_idempotent_and_a_different_second_result_is_a_conflict()
    {
        var (client, agent) = await BootedAsync();
        await agent.HelloAsync();
        var instruction = await agent.WaitForInstructionAsync();
        var result = SimulatedAgent.Results.Pass("inventory");

        using var first = await agent.PostResultAsync(instruction.InstructionId, result);
        using var same = await agent.PostResultAsync(instruction.InstructionId, result);
        using var different = await agent.PostResultAsync(instruction.InstructionId, SimulatedAgent.Results.Fail("tool-failed", "changed my mind"));
        using var unknown = await agent.PostResultAsync("nope", result);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await VettingApp.WaitForStateAsync(client, agent.RunId, "Cpu");
        Assert.Single((await VettingApp.GetRunAsync(client, agent.RunId)).GetProperty("stages").EnumerateArray(), s => s.GetProperty("name").GetString() == "inventory");
    }

    [Fact]
    public async Task A_result_with_an_unknown_status_is_400()
    {
        var (_, agent) = await BootedAsync();
        await agent.HelloAsync();
        var instruction = await agent.WaitForInstructionAsync();

        using var response = await agent.SendAsync(HttpMethod.Post, $"instructions/{instruction.InstructionId}/result",
            new StringContent("""{"status":"meh","summary":"?"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("meh", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_hello_with_the_same_boot_is_harmless()
    {
        var (client, agent) = await BootedAsync();

        using var first = await agent.HelloAsync();
        using var second = await agent.HelloAsync();

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(agent.RunId, body.GetProperty("runId").GetInt32());
        Assert.Equal(15, body.GetProperty("heartbeatSeconds").GetInt32());
        var inventory = await agent.WaitForInstructionAsync();
        Assert.Equal("inventory", inventory.Stage);
        // One inventory instruction, not one per hello: asking again hands out that same one (it was never answered).
        Assert.Equal(inventory.InstructionId, (await agent.NextAsync())?.InstructionId);
        Assert.Equal("Inventory", (await VettingApp.GetRunAsync(client, agent.RunId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_instruction_the_agent_never_answered_is_handed_out_again_until_it_is()
    {
        var (client, agent) = await BootedAsync();
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        var inventory = await agent.WaitForInstructionAsync();

        // The answer to that `next` was lost (a crash, a dropped connection): the agent, holding nothing, asks again.
        var again = await agent.NextAsync();

        Assert.Equal(inventory.InstructionId, again?.InstructionId);
        Assert.Contains($"instruction {inventory.InstructionId} (inventory) handed out again", await client.GetStringAsync($"/api/v1/runs/{agent.RunId}/log"), StringComparison.Ordinal);
        (await agent.PostResultAsync(inventory.InstructionId, agent.OnStage(inventory))).EnsureSuccessStatusCode();
        var next = await agent.WaitForInstructionAsync();
        Assert.Equal("cpu", next.Stage);
        Assert.NotEqual(inventory.InstructionId, next.InstructionId);
    }

    [Fact]
    public async Task The_log_endpoint_appends_agent_lines_to_the_run_log_file()
    {
        var (client, agent) = await BootedAsync();

        using var response = await agent.SendAsync(HttpMethod.Post, "log", new StringContent("line one\nline two\n", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var file = await File.ReadAllTextAsync(Path.Combine(_app.Root, "logs", $"run-{agent.RunId}.log"));
        Assert.Contains("agent: line one", file, StringComparison.Ordinal);
        Assert.Contains("agent: line two", await client.GetStringAsync($"/api/v1/runs/{agent.RunId}/log?tail=1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_minimal_result_with_only_status_and_summary_is_accepted()
    {
        var (client, agent) = await BootedAsync();
        await agent.HelloAsync();
        var instruction = await agent.WaitForInstructionAsync();
        const string inventory = """{"cpu":{"logicalCores":4},"memory":{"installedBytes":4294967296}}""";

        using var response = await agent.SendAsync(HttpMethod.Post, $"instructions/{instruction.InstructionId}/result",
            new StringContent($$"""{"status":"passed","summary":"ok","inventory":{{inventory}}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await VettingApp.WaitForStateAsync(client, agent.RunId, "Cpu");
    }

    [Theory]
    [InlineData("report.html")]
    [InlineData("report.json")]
    [InlineData("hold-1.pub")]
    public async Task An_agent_cannot_upload_over_files_the_orchestrator_writes(string name)
    {
        var (_, agent) = await BootedAsync();

        using var response = await agent.SendAsync(HttpMethod.Put, $"artifacts/{name}", new StringContent("<script>alert(1)</script>"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reserved", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_uploaded_page_is_served_as_text_never_rendered()
    {
        var (client, agent) = await BootedAsync();
        (await agent.SendAsync(HttpMethod.Put, "artifacts/notes.html", new StringContent("<script>alert(1)</script>"))).EnsureSuccessStatusCode();

        using var response = await client.GetAsync($"/api/v1/runs/{agent.RunId}/artifacts/notes.html");

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_cancelled_stage_answers_its_heartbeat_with_410_and_the_agent_then_collects_poweroff()
    {
        var (client, agent) = await BootedAsync();
        await agent.HelloAsync();
        var stage = await agent.WaitForInstructionAsync();
        await client.PostAsync($"/api/v1/runs/{agent.RunId}/cancel", null);
        await VettingApp.WaitForStateAsync(client, agent.RunId, "Cancelled");

        using var beat = await agent.SendAsync(HttpMethod.Post, "heartbeat",
            new StringContent($$"""{"instructionId":"{{stage.InstructionId}}","percent":50}""", Encoding.UTF8, "application/json"));
        using var log = await agent.SendAsync(HttpMethod.Post, "log", new StringContent("late line", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Gone, beat.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, log.StatusCode);
        Assert.Equal(InstructionKinds.PowerOff, (await agent.WaitForInstructionAsync()).Kind);
    }

    [Fact]
    public async Task A_restarted_agent_gets_its_unanswered_stage_again()
    {
        var (_, agent) = await BootedAsync();
        await agent.HelloAsync();
        var first = await agent.WaitForInstructionAsync();

        await agent.HelloAsync();

        Assert.Equal(first.InstructionId, (await agent.WaitForInstructionAsync()).InstructionId);
    }

    // Every row of every table of the app's PostgreSQL database, as text.
    private async Task<string> PostgresTextAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Vetting.Server.Data.VettingDbContext>();
        var tables = await db.Database.SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'")
            .ToListAsync(TestContext.Current.CancellationToken);
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            var sql = $"SELECT COALESCE(string_agg(t::text, ' '), '') AS \"Value\" FROM \"{table}\" t";
            text.Append(await db.Database.SqlQueryRaw<string>(sql).SingleAsync(TestContext.Current.CancellationToken));
        }

        Assert.Contains("runs", tables);
        return text.ToString();
    }
}
