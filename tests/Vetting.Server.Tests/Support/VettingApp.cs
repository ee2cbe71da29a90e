using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Vetting.Protocol;
using Vetting.Server.Agents;
using Vetting.Server.Runs;
using Vetting.Workflows.Hosting;

namespace Vetting.Server.Tests.Support;

/// <summary>
/// The real orchestrator (Program) on a temp data dir and SQLite file (or a PostgreSQL database of its own, see
/// <see cref="TestDatabase"/>), with a fake clock so timeouts can be crossed on demand. Dispose and create another on
/// the same <see cref="Root"/> to "restart the process": it finds the same database.
/// </summary>
public sealed class VettingApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public VettingApp(string? root = null, string extraYaml = "", FakeTimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        // A test that passes its own root restarts "the process" on it and deletes it itself.
        _ownsRoot = root is null;
        Root = root ?? Directory.CreateTempSubdirectory("vetting-it-").FullName;
        Clock = clock ?? new FakeTimeProvider(Epoch);
        ConfigPath = Path.Combine(Root, "vetting.yaml");
        var database = "";
        if (TestDatabase.IsPostgres)
        {
            // The database's connection string is kept in the root, so a restart on this root opens the same one.
            var kept = Path.Combine(Root, PostgresFile);
            if (!File.Exists(kept))
            {
                File.WriteAllText(kept, TestDatabase.Create());
            }

            database = $"""
                database:
                  provider: postgres
                  connection_string: "{File.ReadAllText(kept)}"
                """;
        }

        File.WriteAllText(ConfigPath, $"""
            server:
              bind: "127.0.0.1:8080"
              public_url: "http://localhost"
            paths:
              data_dir: "{Root}/data"
              log_dir: "{Root}/logs"
            wol:
              port: 40009
            network_test:
              enabled: false
            {database}
            {extraYaml}
            """);
    }

    private const string PostgresFile = "postgres-database";

    private readonly bool _ownsRoot;
    private readonly Action<IServiceCollection>? _services;

    public string Root { get; }
    public string ConfigPath { get; }
    public FakeTimeProvider Clock { get; }
    public string DataDir => Path.Combine(Root, "data");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("config", ConfigPath);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(services);
        });
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task<int> CreateHostAsync(HttpClient client, string name = "node-1", string mac = "52:54:00:12:34:56",
        string spec = "memory: { total_gib: 4 }\ncpu: { logical_cores: 4 }\n")
    {
        using var response = await client.PostAsJsonAsync("/api/v1/hosts", new { name, mac, wolBroadcast = "127.0.0.1", expectedSpec = spec });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public static async Task<int> StartRunAsync(HttpClient client, int hostId, string profile = "quick")
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/hosts/{hostId}/runs", new { profile });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Registers node-1, starts a run and boots a simulated agent into it, up to an answered hello.</summary>
    public async Task<(int RunId, SimulatedAgent Agent)> StartRunWithAgentAsync(HttpClient client, Func<Instruction, StageResult>? onStage = null)
    {
        var runId = await StartRunAsync(client, await CreateHostAsync(client));
        await WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56");
        if (onStage is not null)
        {
            agent.OnStage = onStage;
        }

        await agent.BootAsync();
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        return (runId, agent);
    }

    public static async Task<JsonElement> GetRunAsync(HttpClient client, int runId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");

    /// <summary>Polls the run until it reaches <paramref name="state"/> (bounded by real time).</summary>
    public static async Task<JsonElement> WaitForStateAsync(HttpClient client, int runId, string state, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        JsonElement run;
        do
        {
            run = await GetRunAsync(client, runId);
            if (run.GetProperty("state").GetString() == state)
            {
                return run;
            }

            await Task.Delay(25);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"run {runId} stayed in {run.GetProperty("state").GetString()}, expected {state}: {run}");
    }

    /// <summary>
    /// Moves the fake clock, then does what the background loops do when their wait on it ends: fires the workflow
    /// timers that fell due, checks for lost agents and wakes the scheduler. Doing it here (each is safe beside its
    /// loop: a timer fires once, passes do not overlap) means nothing depends on whether a loop was already waiting on
    /// the clock when it moved; one still busy with a pass would otherwise start its wait from the new time.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Services.GetServices<IHostedService>().OfType<WorkflowTimerService>().Single().FireDueAsync(TestContext.Current.CancellationToken);
        await Service<LostAgentMonitor>().CheckAsync(TestContext.Current.CancellationToken);
        Service<RunScheduler>().Wake();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (disposing && _ownsRoot)
        {
            DeleteFiles();
        }
    }

    public void DeleteFiles()
    {
        SqliteConnection.ClearAllPools();
        var kept = Path.Combine(Root, PostgresFile);
        if (File.Exists(kept))
        {
            TestDatabase.Drop(File.ReadAllText(kept));
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing handle; the temp folder is cleaned by the OS eventually.
        }
    }
}
