using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Vetting.Protocol;
using Vetting.Server.Events;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Sites;

/// <summary>Sites: an orchestrator shows every site's hosts and runs, and drives only its own.</summary>
public sealed class SitesTests
{
    private static async Task<JsonElement> SitesAsync(HttpClient client) => await client.GetFromJsonAsync<JsonElement>("/api/v1/sites");

    private static async Task<JsonElement> WaitForSiteOnlineAsync(HttpClient client, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var site = (await SitesAsync(client)).EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == name);
            if (site.ValueKind == JsonValueKind.Object && site.GetProperty("online").GetBoolean())
            {
                return site;
            }

            Assert.True(DateTime.UtcNow < deadline, $"site {name} never came online: {await SitesAsync(client)}");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Two orchestrators on one PostgreSQL database, sites <c>rack-a</c> and <c>rack-b</c>, on one clock that stands still
    /// unless a test moves it.
    /// </summary>
    private sealed class TwoSites : IDisposable
    {
        private readonly string _rootB;

        private TwoSites(VettingApp a, string rootB)
        {
            (A, _rootB) = (a, rootB);
            File.Copy(Path.Combine(a.Root, "postgres-database"), Path.Combine(rootB, "postgres-database"));
            B = new VettingApp(rootB, clock: a.Clock, extraYaml: "site:\n  name: rack-b\n");
        }

        public VettingApp A { get; }

        public VettingApp B { get; }

        public static TwoSites Start()
        {
            TestDatabase.RequirePostgres("two orchestrators sharing one database");
            return new TwoSites(new VettingApp(clock: new FakeTimeProvider(VettingApp.Epoch), extraYaml: "site:\n  name: rack-a\n"),
                Directory.CreateTempSubdirectory("vetting-it-b-").FullName);
        }

        public void Dispose()
        {
            // B first: A owns the database and drops it.
            B.Dispose();
            A.Dispose();
            Directory.Delete(_rootB, recursive: true);
        }
    }

    private static PostgresEventRelay RelayOf(VettingApp app) => app.Services.GetServices<IHostedService>().OfType<PostgresEventRelay>().Single();

    /// <summary>The progress of <paramref name="runId"/> in <c>GET /api/v1/progress</c>, waiting (bounded) until it is there.</summary>
    private static async Task<JsonElement> WaitForProgressAsync(HttpClient client, int runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/progress", TestContext.Current.CancellationToken);
            var beat = all.EnumerateArray().FirstOrDefault(p => p.GetProperty("runId").GetInt32() == runId);
            if (beat.ValueKind == JsonValueKind.Object)
            {
                return beat;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no progress of run {runId} reached this orchestrator: {all}");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<int> CreateHostAsync(HttpClient client, string name, string mac, string? site)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/hosts", new { name, mac, wolBroadcast = "127.0.0.1", expectedSpec = "cpu: { logical_cores: 4 }\n", site });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var host = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(site ?? "rack-a", host.GetProperty("site").GetString());
        return host.GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task An_orchestrator_shows_another_sites_host_and_run_but_neither_starts_nor_drives_it()
    {
        using var app = new VettingApp(extraYaml: "site:\n  name: rack-a\n");
        var client = app.CreateClient();
        var self = await WaitForSiteOnlineAsync(client, "rack-a");
        Assert.True(self.GetProperty("current").GetBoolean());
        Assert.Equal("http://localhost", self.GetProperty("publicUrl").GetString());

        var remote = await CreateHostAsync(client, "remote", "52:54:00:00:02:01", "rack-b");
        var local = await CreateHostAsync(client, "local", "52:54:00:00:02:02", null);
        var remoteRun = await VettingApp.StartRunAsync(client, remote);
        var localRun = await VettingApp.StartRunAsync(client, local);

        // The scheduler started this site's run (queued after the other) and left rack-b's to rack-b.
        await VettingApp.WaitForStateAsync(client, localRun, "WaitingWoL");
        var queued = await VettingApp.GetRunAsync(client, remoteRun);
        Assert.Equal(("Queued", "rack-b"), (queued.GetProperty("state").GetString(), queued.GetProperty("site").GetString()));
        var onlyB = await client.GetFromJsonAsync<JsonElement>("/api/v1/runs?site=rack-b", TestContext.Current.CancellationToken);
        Assert.Equal([remoteRun], onlyB.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
        var hostsOfB = await client.GetFromJsonAsync<JsonElement>("/api/v1/hosts?site=rack-b", TestContext.Current.CancellationToken);
        Assert.Equal(["remote"], hostsOfB.EnumerateArray().Select(h => h.GetProperty("name").GetString()));
        var rackB = (await SitesAsync(client)).EnumerateArray().Single(s => s.GetProperty("name").GetString() == "rack-b");
        Assert.Equal((false, false, 1, 1), (rackB.GetProperty("online").GetBoolean(), rackB.GetProperty("current").GetBoolean(),
            rackB.GetProperty("hosts").GetInt32(), rackB.GetProperty("activeRuns").GetInt32()));

        // Acting on it is refused with the reason and the site; its files are not here.
        using var cancel = await client.PostAsync($"/api/v1/runs/{remoteRun}/cancel", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        var problem = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rack-b", problem.GetProperty("site").GetString());
        Assert.Contains("run " + remoteRun + " belongs to site 'rack-b', whose orchestrator has not reported yet; this orchestrator serves site 'rack-a'",
            problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var report = await client.GetAsync($"/api/v1/runs/{remoteRun}/report.html", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, report.StatusCode);

        // A host with an active run stays on its site; a bad site name is named.
        using var move = await client.PutAsJsonAsync($"/api/v1/hosts/{local}",
            new { name = "local", mac = "52:54:00:00:02:02", wolBroadcast = "127.0.0.1", expectedSpec = "cpu: { logical_cores: 4 }\n", site = "rack-b" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, move.StatusCode);
        using var bad = await client.PostAsJsonAsync("/api/v1/hosts",
            new { name = "bad", mac = "52:54:00:00:02:03", wolBroadcast = "127.0.0.1", expectedSpec = "", site = "Rack B" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'Rack B' is not a site name", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("site")[0].GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_sites_on_one_database_each_boot_and_drive_their_own_node()
    {
        using var sites = TwoSites.Start();
        var (a, b) = (sites.A, sites.B);
        var atA = a.CreateClient();
        var atB = b.CreateClient();
        await WaitForSiteOnlineAsync(atA, "rack-a");
        Assert.False((await WaitForSiteOnlineAsync(atA, "rack-b")).GetProperty("current").GetBoolean());
        // Each page's live events: from here on, either orchestrator hears every event the other publishes.
        await Task.WhenAll(RelayOf(a).Listening, RelayOf(b).Listening).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using var liveAtA = await SseRecorder.StartAsync(atA);
        using var liveAtB = await SseRecorder.StartAsync(atB);

        // Registered and started at A, for a node on B's segment: B's scheduler starts it.
        var host = await CreateHostAsync(atA, "node-b", "52:54:00:00:03:01", "rack-b");
        var run = await VettingApp.StartRunAsync(atA, host);
        // B hears A announce the queued run and looks at once: its clock stands still, so its 3 s poll cannot be
        // what started it.
        await VettingApp.WaitForStateAsync(atB, run, "WaitingWoL");

        // The node asks A for its script (wrong segment): A sends it back to its disk. B boots it.
        var script = await atA.GetStringAsync("/pxe/boot.ipxe?mac=52:54:00:00:03:01", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("vetting.token=", script, StringComparison.Ordinal);
        var agent = new SimulatedAgent(atB, "52:54:00:00:03:01");
        await agent.BootAsync();
        Assert.Equal(run, agent.RunId);

        // An agent that reaches A is told where it belongs; at B it is driven to the end.
        agent.Http = atA;
        using (var misdirected = await agent.HelloAsync())
        {
            Assert.Equal(HttpStatusCode.MisdirectedRequest, misdirected.StatusCode);
            Assert.Contains("belongs to site 'rack-b' (http://localhost)", await misdirected.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
                StringComparison.Ordinal);
        }

        agent.Http = atB;
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        using (var beat = await agent.SendAsync(HttpMethod.Post, "heartbeat", JsonContent.Create(new { percent = 40.0, message = "heard at rack-b" })))
        {
            Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);
        }

        // A's dashboard shows the heartbeat B heard, from its first load (GET /api/v1/progress) as well as live.
        var beatAtA = await WaitForProgressAsync(atA, run);
        Assert.Equal(("heard at rack-b", 40.0), (beatAtA.GetProperty("message").GetString(), beatAtA.GetProperty("percent").GetDouble()));
        Assert.Equal(InstructionKinds.PowerOff, (await agent.RunStagesAsync()).Kind);
        await VettingApp.WaitForStateAsync(atA, run, "Passed");

        // A's page saw the run move through every state B announced, in B's order, though B drove it. A announced
        // Queued itself (the run was started there); B hears that from A at some point, so it is left out of B's list.
        var seenAtB = await liveAtB.StatesOfAsync(run, "Passed");
        var seenAtA = await liveAtA.StatesOfAsync(run, "Passed");
        Assert.Contains("Booting", seenAtB);
        var drivenAtB = seenAtB.Where(state => state != "Queued").Aggregate(new List<string>(), (states, state) =>
        {
            if (states.Count == 0 || states[^1] != state)
            {
                states.Add(state);
            }

            return states;
        });
        Assert.Equal(["Queued", .. drivenAtB], seenAtA);

        // A shows the run; its report is on B, so A redirects there.
        using var noRedirect = new HttpClient(a.Server.CreateHandler()) { BaseAddress = new Uri("http://localhost") };
        using var report = await noRedirect.GetAsync($"/api/v1/runs/{run}/report.html", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, report.StatusCode);
        Assert.Equal($"http://localhost/api/v1/runs/{run}/report.html", report.Headers.Location?.ToString());
        using var cancel = await atA.PostAsync($"/api/v1/runs/{run}/cancel", null, TestContext.Current.CancellationToken);
        Assert.Contains("driven by the orchestrator at http://localhost", await cancel.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_sent_on_a_connection_the_server_cut_still_reaches_the_other_site()
    {
        using var sites = TwoSites.Start();
        var (a, b) = (sites.A, sites.B);
        var atA = a.CreateClient();
        await Task.WhenAll(RelayOf(a).Listening, RelayOf(b).Listening).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using var liveAtB = await SseRecorder.StartAsync(b.CreateClient());

        // A's relay has a connection open for sending once it sent something.
        await CreateHostAsync(atA, "first", "52:54:00:00:04:01", null);
        Assert.True(await liveAtB.SawAsync("host", h => h.GetProperty("name").GetString() == "first"), "B never heard of A's first host");

        // The server ends A's sending connection (a restart, an administrator's pg_terminate_backend) while it is idle:
        // A learns of it only when it sends the next event, which must not be lost with the connection.
        await using (var admin = new NpgsqlConnection(File.ReadAllText(Path.Combine(a.Root, "postgres-database"))))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var cut = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name = 'vetting live events' AND query LIKE '%pg_notify%'", admin);
            Assert.Equal(1L, await cut.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        await CreateHostAsync(atA, "second", "52:54:00:00:04:02", null);
        Assert.True(await liveAtB.SawAsync("host", h => h.GetProperty("name").GetString() == "second"), "A's event sent on the cut connection was lost");
        // Nothing was lost, so B's pages were not told to reload: a gap would have come before A's next event.
        await CreateHostAsync(atA, "third", "52:54:00:00:04:03", null);
        Assert.True(await liveAtB.SawAsync("host", h => h.GetProperty("name").GetString() == "third"), "B never heard of A's third host");
        Assert.False(await liveAtB.SawAsync("reset", _ => true, TimeSpan.Zero), "B's pages were told to reload, though nothing was lost");
    }
}
