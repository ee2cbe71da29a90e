using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Data;
using Vetting.Server.Hosts;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Security;

/// <summary>What one request may bring, and that a refused one neither echoes its input nor changes stored data.</summary>
public sealed class InputLimitTests : IDisposable
{
    private readonly VettingApp _app = new(extraYaml: "artifacts:\n  max_run_mb: 3\n");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_spec_over_64_KiB_is_a_413_naming_the_limit_and_nothing_is_stored()
    {
        var client = _app.CreateClient();
        var spec = "cpu: { logical_cores: 4 }\n" + string.Concat(Enumerable.Repeat("# padding line for a very long spec\n", 2000));

        using var response = await client.PostAsJsonAsync("/api/v1/hosts", new { name = "big", mac = "52:54:00:00:00:01", wolBroadcast = "10.77.0.255", expectedSpec = spec });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 65536 bytes (64 KiB)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/hosts")).EnumerateArray());
    }

    [Fact]
    public async Task An_operator_body_over_1_MiB_is_a_413_problem()
    {
        var client = _app.CreateClient();
        var body = "{\"name\":\"" + new string('a', 1_100_000) + "\"}";

        using var response = await client.PostAsync("/api/v1/hosts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 1048576 bytes (1 MiB)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_is_named_by_an_excerpt_never_echoed_whole()
    {
        var client = _app.CreateClient();
        var name = new string('x', 500_000);

        using var response = await client.PostAsJsonAsync("/api/v1/hosts", new { name, mac = new string('m', 200_000), wolBroadcast = "10.77.0.255", expectedSpec = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 2000, $"the error is {text.Length} characters");
        Assert.Contains("(500000 characters)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_spec_stored_by_an_older_version_does_not_stop_start_up_and_blocks_only_its_runs()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        await _app.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<VettingDbContext>();
            (await db.Hosts.SingleAsync(h => h.Id == hostId)).ExpectedSpec = "cpu: { logical_cores: 4 }\n" + new string('#', 2_000_000);
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await StoredSpecCheck.WarnAsync(_app.Services, TestContext.Current.CancellationToken));
        using var start = await client.PostAsJsonAsync($"/api/v1/hosts/{hostId}/runs", new { profile = "quick" });

        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        Assert.Contains("replace it", await start.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_with_the_largest_specs_the_api_accepts_survive_a_restart_and_are_served()
    {
        // 200 hosts × a spec just under 64 KiB: what an operator can store at most through the API, about 13 MB.
        var root = Directory.CreateTempSubdirectory("vetting-big-").FullName;
        var spec = "cpu: { logical_cores: 4 }\n" + string.Concat(Enumerable.Repeat("# a comment line that pads the spec to its limit\n", 1300));
        Assert.InRange(Encoding.UTF8.GetByteCount(spec), 60_000, HostValidation.MaxSpecBytes);
        using (var first = new VettingApp(root))
        {
            var client = first.CreateClient();
            for (var i = 0; i < 200; i++)
            {
                using var created = await client.PostAsJsonAsync("/api/v1/hosts", new
                {
                    name = $"node-{i}", mac = $"52:54:00:00:{i / 256:x2}:{i % 256:x2}", wolBroadcast = "10.77.0.255", expectedSpec = spec,
                });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
        }

        try
        {
            using var restarted = new VettingApp(root);
            var again = restarted.CreateClient();
            Assert.Equal(0, await StoredSpecCheck.WarnAsync(restarted.Services, TestContext.Current.CancellationToken));
            var hosts = await again.GetFromJsonAsync<JsonElement>("/api/v1/hosts");
            Assert.Equal(200, hosts.GetArrayLength());
            Assert.True(await VettingApp.StartRunAsync(again, hosts[0].GetProperty("id").GetInt32()) > 0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_s_artifacts_together_stop_at_max_run_mb()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        var megabyte = new byte[1024 * 1024];

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var put = await agent.SendAsync(HttpMethod.Put, $"artifacts/part-{i}.bin", new ByteArrayContent(megabyte));
            statuses.Add(put.StatusCode);
            if (put.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                Assert.Contains("(artifacts.max_run_mb)", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // Replacing a stored file counts only its new size.
        using var again = await agent.SendAsync(HttpMethod.Put, "artifacts/part-0.bin", new ByteArrayContent(megabyte));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.RequestEntityTooLarge], statuses);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(3, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/artifacts")).GetArrayLength());
    }

    [Fact]
    public async Task The_report_s_artifact_links_resolve_where_the_report_is_served_and_the_log_is_never_sniffed()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(client, runId, "Passed");

        using var page = await client.GetAsync($"/api/v1/runs/{runId}/report.html");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.IsSuccessStatusCode, html);
        Assert.Contains("href=\"inventory.log\"", html, StringComparison.Ordinal);
        // The link as a browser resolves it against /api/v1/runs/{id}/report.html.
        using var linked = await client.GetAsync(new Uri(new Uri($"http://localhost/api/v1/runs/{runId}/report.html"), "inventory.log"));
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal("raw output of inventory.log\n", await linked.Content.ReadAsStringAsync());

        using var log = await client.GetAsync($"/api/v1/runs/{runId}/log");
        Assert.Equal("nosniff", Assert.Single(log.Headers.GetValues("X-Content-Type-Options")));
    }
}
