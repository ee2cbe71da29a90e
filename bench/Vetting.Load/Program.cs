using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Vetting.Activities;
using Vetting.Protocol;
using Vetting.Server.Tests.Support;

// Usage: dotnet run --project bench/Vetting.Load -c Release -- [--runs N] [--warmup W] [--stage-seconds S] [--listeners 20] [--server PATH]
//            [--postgres CONNECTION-STRING] [--sites K]
// Starts K orchestrators (default 1) of PATH (default: Vetting.Server/bin/Release/net10.0/vetting), each on a free
// loopback port with a data dir of its own and site "site-0" … (one: "default"), on a throw-away SQLite file or, with
// --postgres, one throw-away database on that server that they all share. Registers N hosts spread over the sites,
// starts N runs and drives N simulated agents, each talking to its site's orchestrator, through the shipped workflow
// with instant stage results (or each stage, and the boot after the Wake-on-LAN packet, taking 0 to S s), while 20 SSE listeners follow /api/v1/events of the first orchestrator. With --warmup W,
// W runs go through first, unmeasured, so the figures are those of a server that has been up a while. Prints figures;
// asserts nothing. Everything it starts is stopped by its recorded PID, and the temp dir and database are deleted,
// however it ends. --kill K makes it the crash soak instead (Soak.cs).
var options = LoadOptions.Parse(args);
if (options.Kills > 0)
    return await Soak.RunAsync(options);
var root = Directory.CreateTempSubdirectory("vetting-load-").FullName;
var timings = new Timings();
string? database = null;
string? databaseSection = null;
if (options.Postgres is { } postgres)
{
    database = LoadDatabase.Create(postgres, options.Sites);
    databaseSection = $"database:\n  provider: postgres\n  connection_string: \"{database}\"";
}

// The nodes wake on the orchestrators' magic packets, sent to 127.0.0.1 on this port.
using var wol = new WolListener();
var orchestrators = Enumerable.Range(0, options.Sites)
    .Select(s => new Orchestrator(options.Server, root, s, options.Sites == 1 ? "default" : $"site-{s}", databaseSection, options.Runs, timings, wolPort: wol.Port))
    .ToList();
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.MaxMinutes));
try
{
    // One after the other: the first applies the migrations.
    var healthyAfter = new List<TimeSpan>();
    foreach (var orchestrator in orchestrators)
        healthyAfter.Add(await orchestrator.StartAsync());
    await Task.Delay(2000);
    var idleRss = orchestrators.Select(o => Proc.RssMb(o.Pid)).ToList();
    var http = orchestrators[0].Http;
    var port = orchestrators[0].Port;
    OrchestratorOf = i => orchestrators[i % orchestrators.Count];

    // SSE listeners on the first orchestrator: when each one receives each of its runs' first `run` event.
    var received = new ConcurrentBag<(int RunId, TimeSpan At)>();
    var clock = Stopwatch.StartNew();
    var listeners = Enumerable.Range(0, options.Listeners).Select(_ => Sse.ListenAsync(port, received, clock, stop.Token)).ToList();
    await Task.Delay(500);

    var hostIds = new int[options.Runs];
    for (var i = 0; i < options.Runs; i++)
        hostIds[i] = await OrchestratorOf(i).RegisterHostAsync($"load-{i:0000}", Mac(i), stop.Token);

    var errors = new ConcurrentBag<string>();
    var stepDelays = new ConcurrentBag<double>();
    var queuedAt = new ConcurrentDictionary<int, TimeSpan>();
    if (options.Warmup > 0)
    {
        // A server that has been up a while: its hot paths are jitted (tier 1) and its caches and pools filled.
        var warm = await DriveAsync(options.Warmup, measured: false);
        if (warm.Count(o => o.Ok) != options.Warmup)
            errors.Add($"warm-up: {warm.Count(o => o.Ok)}/{options.Warmup} runs reached power-off");
        foreach (var (runId, _) in warm.Where(o => o.RunId > 0))
            await WaitUntilAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}", stop.Token)).GetProperty("state").GetString() is "Passed" or "Failed", stop.Token);
        timings.Clear();
        stepDelays.Clear();
    }

    var cpuBefore = orchestrators.Select(o => Proc.CpuSeconds(o.Pid)).ToList();
    var load = Stopwatch.StartNew();
    var outcomes = await DriveAsync(options.Runs, measured: true);

    // Starts runs on the first `count` hosts and drives each through the workflow; (run id, reached power-off).
    async Task<(int RunId, bool Ok)[]> DriveAsync(int count, bool measured) => await Task.WhenAll(Enumerable.Range(0, count).Select(async Task<(int RunId, bool Ok)> (i) =>
    {
        try
        {
            var site = OrchestratorOf(i).Http;
            wol.Reset(Mac(i));
            using var start = await site.PostAsJsonAsync($"/api/v1/hosts/{hostIds[i]}/runs", new { profile = "quick" }, stop.Token);
            start.EnsureSuccessStatusCode();
            var runId = (await start.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetInt32();
            if (measured && i % orchestrators.Count == 0)
                queuedAt[runId] = clock.Elapsed;
            // Long-polls `next` as the real agent does (30 s).
            var agent = new SimulatedAgent(site, Mac(i)) { WaitSeconds = 30 };
            // The node boots when its magic packet arrives; with --stage-seconds S, firmware and PXE take 0 to S s, a shrunk
            // boot as the stages are shrunk ones. Then it asks for its boot script (again if the run is not ready for it yet).
            await wol.WokenAsync(Mac(i), stop.Token);
            if (options.StageSeconds > 0)
                await Task.Delay(TimeSpan.FromSeconds(new Random(~i).NextDouble() * options.StageSeconds), stop.Token);
            await WaitUntilAsync(async () => (await site.GetStringAsync($"/pxe/boot.ipxe?mac={Mac(i)}", stop.Token)).Contains("vetting.run=", StringComparison.Ordinal), stop.Token, 250);
            await agent.BootAsync();
            (await agent.HelloAsync()).EnsureSuccessStatusCode();
            var last = await RunStagesAsync(agent, stepDelays, options.StageSeconds, new Random(i), stop.Token);
            return (runId, last.Kind == InstructionKinds.PowerOff);
        }
        catch (Exception e)
        {
            errors.Add(e.Message);
            return (0, false);
        }
    }));

    // Every run must end Passed with its results stored.
    var passed = 0;
    var duplicateStages = 0;
    foreach (var (runId, ok) in outcomes.Where(o => o.RunId > 0))
    {
        await WaitUntilAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}", stop.Token)).GetProperty("state").GetString() is "Passed" or "Failed", stop.Token);
        var run = await http.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}", stop.Token);
        // A step executed twice would leave a second attempt of a stage.
        duplicateStages += Math.Max(0, run.GetProperty("stages").GetArrayLength() - 5);
        if (ok && run.GetProperty("state").GetString() == "Passed" && run.GetProperty("stages").GetArrayLength() == 5)
            passed++;
        else
            errors.Add($"run {runId}: {run.GetProperty("state").GetString()} with {run.GetProperty("stages").GetArrayLength()} stages");
    }

    var elapsed = load.Elapsed;
    var cpu = orchestrators.Select((o, n) => Proc.CpuSeconds(o.Pid) - cpuBefore[n]).ToList();
    var peakRss = orchestrators.Select(o => Proc.PeakRssMb(o.Pid)).ToList();
    await stop.CancelAsync();
    await Task.WhenAll(listeners.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));

    var fanOut = received.Where(r => queuedAt.ContainsKey(r.RunId)).GroupBy(r => r.RunId)
        .SelectMany(g => g.Select(r => Math.Max(0, (r.At - queuedAt[g.Key]).TotalMilliseconds))).Order().ToArray();
    var inv = CultureInfo.InvariantCulture;
    var store = options.Postgres is null ? "SQLite file" : "PostgreSQL (shared)";
    Console.WriteLine(string.Create(inv, $"vetting load: {options.Runs} concurrent runs, stages {(options.StageSeconds > 0 ? $"0-{options.StageSeconds:0.#} s" : "instant")}{(options.Warmup > 0 ? $", after {options.Warmup} warm-up runs" : "")}, {orchestrators.Count} orchestrator(s), {store}, server {options.Server} with {string.Join(" ", UnitEnvironment.Value.Select(v => $"{v.Name}={v.Value}"))}, {Environment.ProcessorCount} cores, load avg {File.ReadAllText("/proc/loadavg").Trim()}"));
    for (var n = 0; n < orchestrators.Count; n++)
        Console.WriteLine(string.Create(inv, $"  {orchestrators[n].Site}: start to /healthz {healthyAfter[n].TotalMilliseconds:0} ms; idle RSS {idleRss[n]:0} MB; CPU {cpu[n]:0.0} s over the load; peak RSS {peakRss[n]:0} MB"));
    Console.WriteLine(string.Create(inv, $"runs passed {passed}/{options.Runs} in {elapsed.TotalSeconds:0.0} s = {passed / elapsed.TotalMinutes:0} runs/min; duplicate stage executions {duplicateStages}; errors {errors.Count}"));
    Console.WriteLine(string.Create(inv, $"SSE: {options.Listeners} listeners on {orchestrators[0].Site}, its run start -> first `run` event of that run: p50 {Timings.Percentile(fanOut, 50):0.0} ms, p99 {Timings.Percentile(fanOut, 99):0.0} ms ({fanOut.Length} deliveries)"));
    var steps = stepDelays.Order().ToArray();
    Console.WriteLine(string.Create(inv, $"workflow step: a stage's artifact and result sent -> the next instruction (not a network stage, which waits its turn for iperf3) in the agent's long-poll: p50 {Timings.Percentile(steps, 50):0.0} ms, p99 {Timings.Percentile(steps, 99):0.0} ms ({steps.Length} steps)"));
    Console.WriteLine("API latency by endpoint kind (client side, loopback; `next` is a 30 s long-poll, so its time includes the wait):");
    foreach (var line in timings.Report())
        Console.WriteLine("  " + line);
    Console.WriteLine("  " + timings.AgentSummary());
    foreach (var error in errors.Distinct().Take(10))
        Console.WriteLine("  error: " + error);
    return errors.IsEmpty ? 0 : 1;
}
finally
{
    foreach (var orchestrator in orchestrators)
        orchestrator.Dispose();
    if (database is not null)
        LoadDatabase.Drop(options.Postgres!, database);
    Directory.Delete(root, recursive: true);
}

static string Mac(int i) => string.Create(CultureInfo.InvariantCulture, $"52:54:01:00:{i / 256:x2}:{i % 256:x2}");

static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, int everyMs = 50)
{
    for (var i = 0; i < 300_000 / everyMs && !await condition(); i++)
        await Task.Delay(everyMs, cancellationToken);
}

// Answers stage instructions until another kind arrives, timing each step: from sending a stage's artifact and result
// to the next instruction, which covers both uploads, the resume of the workflow and the wake-up of the long-poll.
// With --stage-seconds S each stage but network takes a random 0 to S seconds on the node, as a shrunk real stage would.
static async Task<Instruction> RunStagesAsync(SimulatedAgent agent, ConcurrentBag<double> stepDelays, double stageSeconds, Random random, CancellationToken cancellationToken)
{
    long? answeredAt = null;
    for (var polls = 0; polls < 100; polls++)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (await agent.NextAsync() is not { } instruction)
            continue;
        // The network stage waits for the site's iperf3 port (one node at a time, by design): not counted here.
        if (answeredAt is { } at && instruction.Stage != StageNames.Network)
            stepDelays.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
        if (instruction.Kind != InstructionKinds.Stage)
            return instruction;
        // Network stages are not stretched: a site runs them one at a time (iperf3), so S seconds each would make the
        // load a queue of N × S/2 seconds behind the one port instead of N runs at once.
        if (stageSeconds > 0 && instruction.Stage != StageNames.Network)
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * stageSeconds), cancellationToken);
        answeredAt = Stopwatch.GetTimestamp();
        using var response = await agent.PostResultAsync(instruction.InstructionId, agent.OnStage(instruction));
        response.EnsureSuccessStatusCode();
    }

    throw new InvalidOperationException($"run {agent.RunId}: no power-off after 100 polls");
}

internal sealed record LoadOptions(int Runs, int Listeners, string Server, int MaxMinutes, string? Postgres, int Sites, int Warmup)
{
    // The crash soak's (--kill K): see Soak.
    public int Kills { get; init; }
    public int Concurrent { get; init; } = 20;
    public double StageSeconds { get; init; }
    public int NoBoot { get; init; }
    public int Seed { get; init; } = 1;

    // --standby: each site also has a standby process on the same address, and the kills hit the site's holder.
    public bool Standby { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var runs = 50;
        var listeners = 20;
        string? postgres = null;
        var sites = 1;
        var warmup = 0;
        var kills = 0;
        var concurrent = 20;
        var stageSeconds = 0.0;
        var noBoot = 0;
        var seed = 1;
        var standby = false;
        var server = Repository.PathOf("Vetting.Server/bin/Release/net10.0/vetting");
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{option} needs a value");
            int Count() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (option)
            {
                case "--runs": runs = Count(); break;
                case "--listeners": listeners = Count(); break;
                case "--server": server = Path.GetFullPath(Value()); break;
                case "--postgres": postgres = Value(); break;
                case "--sites": sites = Count(); break;
                case "--warmup": warmup = Count(); break;
                case "--kill": kills = Count(); break;
                case "--concurrent": concurrent = Count(); break;
                case "--stage-seconds": stageSeconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--no-boot": noBoot = Count(); break;
                case "--seed": seed = Count(); break;
                case "--standby": standby = true; break;
                default: throw new ArgumentException($"unknown option {option} (use --runs N, --warmup W, --stage-seconds S, --listeners N, --server PATH, --postgres CONNECTION-STRING, --sites K; the crash soak: --kill K, --concurrent C, --no-boot M, --seed X, --standby)");
            }
        }

        if (!File.Exists(server))
            throw new FileNotFoundException($"no orchestrator at {server}: build it (dotnet build Vetting.Server -c Release) or pass --server PATH");
        if (sites is < 1 or > 8)
            throw new ArgumentException("--sites must be 1 to 8");
        if (sites > 1 && postgres is null)
            throw new ArgumentException("--sites above 1 needs --postgres: orchestrators share a PostgreSQL database, never a SQLite file");
        if (warmup < 0 || warmup > runs)
            throw new ArgumentException("--warmup must be 0 to --runs: the warm-up runs use the first hosts of the load");
        if (kills is < 0 or > 1000 || concurrent < 1 || stageSeconds is < 0 or > 60 || noBoot < 0 || noBoot > runs)
            throw new ArgumentException("--kill must be 0 to 1000, --concurrent at least 1, --stage-seconds 0 to 60, --no-boot 0 to --runs");
        if (standby && (postgres is null || kills == 0))
            throw new ArgumentException("--standby is for the crash soak on PostgreSQL (--kill K --postgres CONNECTION-STRING): a site's standby waits on a PostgreSQL lock");
        return new LoadOptions(runs, listeners, server, MaxMinutes: kills > 0 ? 30 : 20, postgres, sites, warmup)
        {
            Kills = kills, Concurrent = concurrent, StageSeconds = stageSeconds, NoBoot = noBoot, Seed = seed, Standby = standby,
        };
    }
}

internal static partial class Program
{
    /// <summary>The orchestrator of run <c>i</c>'s site.</summary>
    public static Func<int, Orchestrator> OrchestratorOf { get; set; } = _ => throw new InvalidOperationException("no orchestrators");
}

/// <summary>A throw-away database on the PostgreSQL server the load was given.</summary>
internal static class LoadDatabase
{
    /// <summary>
    /// Creates the database; each of the <paramref name="orchestrators"/> may open up to 200 / K connections to it, so
    /// together they stay within the test cluster's max_connections (300) with room for the harness's checks.
    /// </summary>
    public static string Create(string server, int orchestrators)
    {
        var name = "vt_load_" + Guid.NewGuid().ToString("N")[..12];
        using var admin = new Npgsql.NpgsqlConnection(server);
        admin.Open();
        using var create = admin.CreateCommand();
        create.CommandText = $"CREATE DATABASE \"{name}\"";
        create.ExecuteNonQuery();
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 / orchestrators }.ConnectionString;
    }

    public static void Drop(string server, string database)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var admin = new Npgsql.NpgsqlConnection(server);
        admin.Open();
        using var drop = admin.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{new Npgsql.NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)";
        drop.ExecuteNonQuery();
    }
}
