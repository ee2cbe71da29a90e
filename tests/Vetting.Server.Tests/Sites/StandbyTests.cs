using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using Vetting.Server.Sites;
using Vetting.Server.Tests.Cli;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Sites;

/// <summary>
/// Two real <c>vetting serve</c> processes of one site on one PostgreSQL database: the second stands by and takes over
/// the site's open run when the first is killed or goes silent; a holder whose lease connection was cut takes the site
/// again when nobody else did, and stops with exit code 75 when another process did.
/// </summary>
public sealed class StandbyTests : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly List<string> _databases = [];
    private readonly string _root = Directory.CreateTempSubdirectory("vetting-standby-").FullName;

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            // By the recorded process, never by name.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        foreach (var database in _databases)
        {
            TestDatabase.Drop(database);
        }

        Directory.Delete(_root, recursive: true);
    }

    private string Database()
    {
        var database = TestDatabase.Create();
        _databases.Add(database);
        return database;
    }

    // SIGSTOP / SIGCONT by the recorded PID: a stopped process keeps its sockets open and says nothing, as a holder
    // whose machine hung or was cut off from the database does.
    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    private sealed record Server(Process Process, int Port, ConcurrentQueue<string> Output)
    {
        public HttpClient Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };

        public bool Said(string text) => Output.Any(line => line.Contains(text, StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Server Start(string name, string database)
    {
        var port = FreePort();
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "vetting.yaml");
        File.WriteAllText(config, $"""
            server:
              bind: "127.0.0.1:{port}"
              public_url: "http://127.0.0.1:{port}"
            paths:
              data_dir: "{dir}/data"
              log_dir: "{dir}/logs"
            wol:
              port: 40009
            network_test:
              enabled: false
            database:
              provider: postgres
              connection_string: "{database}"
            site:
              name: rack-a
            """);
        var process = CliProcess.Start("serve", "--config", config);
        _processes.Add(process);
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { output.Enqueue(line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { output.Enqueue(line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Server(process, port, output);
    }

    // Bounded by real time: each wait is for something the processes do by themselves.
    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited in vain for {what}");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<bool> HealthyAsync(Server server)
    {
        using var client = server.Client();
        try
        {
            using var response = await client.GetAsync("/healthz");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_second_process_of_a_site_stands_by_takes_over_its_open_run_when_the_first_dies_and_keeps_the_site_over_a_cut_connection()
    {
        TestDatabase.RequirePostgres("a standby, which waits on a PostgreSQL advisory lock,");
        var database = Database();
        var first = Start("first", database);
        await WaitForAsync(() => HealthyAsync(first), "the first process to answer /healthz");
        using var firstClient = first.Client();
        using var created = await firstClient.PostAsJsonAsync("/api/v1/hosts",
            new { name = "node-1", mac = "52:54:00:12:34:56", wolBroadcast = "127.0.0.1", expectedSpec = "memory: { total_gib: 4 }\ncpu: { logical_cores: 4 }\n" });
        created.EnsureSuccessStatusCode();
        var hostId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var runId = await VettingApp.StartRunAsync(firstClient, hostId);
        await VettingApp.WaitForStateAsync(firstClient, runId, "WaitingWoL", TimeSpan.FromSeconds(60));

        // The second process of the site waits for it, and meanwhile neither listens nor starts anything.
        var second = Start("second", database);
        await WaitForAsync(() => Task.FromResult(second.Said("this one is its standby")), "the second process to stand by");
        Assert.False(await HealthyAsync(second));

        first.Process.Kill();
        await first.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await WaitForAsync(() => HealthyAsync(second), "the standby to take over and answer /healthz");
        Assert.True(second.Said("this one takes over"));

        // The run the first process woke the node for goes on at the second: the node boots and is vetted there.
        using var secondClient = second.Client();
        var agent = new SimulatedAgent(secondClient, "52:54:00:12:34:56");
        await agent.BootAsync();
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        await agent.RunStagesAsync(TimeSpan.FromSeconds(60));
        var passed = await VettingApp.WaitForStateAsync(secondClient, runId, "Passed", TimeSpan.FromSeconds(60));
        Assert.Equal("rack-a", passed.GetProperty("site").GetString());

        // The connection that holds the site is cut while no other process waits for it.
        await using (var admin = new NpgsqlConnection(database))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'vetting site lease' AND datname = current_database()", admin);
            Assert.Equal(1L, await terminate.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        // Nobody else held the site, so the holder took it again on a new connection and goes on.
        await WaitForAsync(() => Task.FromResult(second.Said("this process holds the site again")), "the holder to take its site again");
        Assert.False(second.Process.HasExited);
        Assert.True(await HealthyAsync(second));
    }

    [Fact]
    public async Task A_holder_that_goes_silent_loses_its_site_to_the_standby_and_stops_when_it_wakes()
    {
        TestDatabase.RequirePostgres("a standby, which waits on a PostgreSQL advisory lock,");
        var database = Database();
        var first = Start("first", database);
        await WaitForAsync(() => HealthyAsync(first), "the first process to answer /healthz");
        var second = Start("second", database);
        await WaitForAsync(() => Task.FromResult(second.Said("this one is its standby")), "the second process to stand by");

        // The holder stops answering without closing anything: the server ends its idle lease session (15 s) and the
        // standby takes the site.
        await SignalAsync(first.Process, "-STOP");
        await WaitForAsync(() => HealthyAsync(second), "the standby to take over from a silent holder");

        // Woken, the old holder finds its lease connection gone and the site taken: it stops and says so.
        await SignalAsync(first.Process, "-CONT");
        using var exited = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        exited.CancelAfter(TimeSpan.FromSeconds(60));
        await first.Process.WaitForExitAsync(exited.Token);
        Assert.Equal(SiteLease.LostExitCode, first.Process.ExitCode);
        Assert.True(first.Said("another process took this site while this one's connection was down"));
        Assert.True(await HealthyAsync(second));
    }
}
