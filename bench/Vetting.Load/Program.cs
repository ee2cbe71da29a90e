using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Vetting.Protocol;
using Vetting.Server.Tests.Support;

// Usage: dotnet run --project bench/Vetting.Load -c Release -- [--runs N] [--listeners 20] [--server PATH]
// Starts PATH (default: Vetting.Server/bin/Release/net10.0/vetting) on a free loopback port with a throw-away SQLite
// data dir, registers N hosts, starts N runs and drives N simulated agents through the shipped workflow with instant
// stage results, while 20 SSE listeners follow /api/v1/events. Prints figures; asserts nothing. Everything it starts
// is stopped by its recorded PID, and the temp dir is deleted, however it ends.
var options = LoadOptions.Parse(args);
var root = Directory.CreateTempSubdirectory("vetting-load-").FullName;
var port = FreePort();
var config = Path.Combine(root, "vetting.yaml");
File.WriteAllText(config, $"""
    server:
      bind: "127.0.0.1:{port}"
    paths:
      data_dir: "{root}/data"
    wol:
      port: 40009
    runs:
      max_concurrent: {options.Runs}
    network_test:
      enabled: false
    """);

using var server = Process.Start(new ProcessStartInfo(options.Server, ["serve", "--config", config])
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    Environment = { ["Logging__LogLevel__Default"] = "Warning" },
}) ?? throw new InvalidOperationException($"cannot start {options.Server}");
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, _) => { };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
var timings = new Timings();
using var http = new HttpClient(new TimingHandler(timings) { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 512 } })
{
    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
    Timeout = TimeSpan.FromSeconds(60),
};
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.MaxMinutes));
try
{
    var started = Stopwatch.StartNew();
    while (!(await TryHealthyAsync(http)))
    {
        if (server.HasExited || started.Elapsed > TimeSpan.FromSeconds(60))
            throw new InvalidOperationException($"the server did not answer /healthz within 60 s (exit {(server.HasExited ? server.ExitCode : "none")})");
        await Task.Delay(50);
    }

    var healthyAfter = started.Elapsed;
    await Task.Delay(2000);
    var idleRss = Proc.RssMb(server.Id);

    // SSE listeners: when each one receives each run's first `run` event.
    var received = new ConcurrentBag<(int RunId, TimeSpan At)>();
    var clock = Stopwatch.StartNew();
    var listeners = Enumerable.Range(0, options.Listeners).Select(_ => Sse.ListenAsync(port, received, clock, stop.Token)).ToList();
    await Task.Delay(500);

    var hostIds = new int[options.Runs];
    for (var i = 0; i < options.Runs; i++)
    {
        using var created = await http.PostAsJsonAsync("/api/v1/hosts", new
        {
            name = $"load-{i:0000}",
            mac = Mac(i),
            wolBroadcast = "127.0.0.1",
            expectedSpec = "memory: { total_gib: 4 }\ncpu: { logical_cores: 4 }\n",
        }, stop.Token);
        created.EnsureSuccessStatusCode();
        hostIds[i] = (await created.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetInt32();
    }

    var cpuBefore = Proc.CpuSeconds(server.Id);
    var load = Stopwatch.StartNew();
    var queuedAt = new ConcurrentDictionary<int, TimeSpan>();
    var errors = new ConcurrentBag<string>();
    var outcomes = await Task.WhenAll(Enumerable.Range(0, options.Runs).Select(async Task<(int RunId, bool Ok)> (i) =>
    {
        try
        {
            using var start = await http.PostAsJsonAsync($"/api/v1/hosts/{hostIds[i]}/runs", new { profile = "quick" }, stop.Token);
            start.EnsureSuccessStatusCode();
            var runId = (await start.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetInt32();
            queuedAt[runId] = clock.Elapsed;
            var agent = new SimulatedAgent(http, Mac(i));
            await WaitUntilAsync(async () => (await http.GetStringAsync($"/pxe/boot.ipxe?mac={Mac(i)}", stop.Token)).Contains("vetting.run=", StringComparison.Ordinal), stop.Token);
            await agent.BootAsync();
            (await agent.HelloAsync()).EnsureSuccessStatusCode();
            var last = await agent.RunStagesAsync(TimeSpan.FromMinutes(options.MaxMinutes));
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
    foreach (var (runId, ok) in outcomes.Where(o => o.RunId > 0))
    {
        await WaitUntilAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}", stop.Token)).GetProperty("state").GetString() is "Passed" or "Failed", stop.Token);
        var run = await http.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}", stop.Token);
        if (ok && run.GetProperty("state").GetString() == "Passed" && run.GetProperty("stages").GetArrayLength() == 5)
            passed++;
        else
            errors.Add($"run {runId}: {run.GetProperty("state").GetString()} with {run.GetProperty("stages").GetArrayLength()} stages");
    }

    var elapsed = load.Elapsed;
    var cpu = Proc.CpuSeconds(server.Id) - cpuBefore;
    var peakRss = Proc.PeakRssMb(server.Id);
    await stop.CancelAsync();
    await Task.WhenAll(listeners.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));

    var fanOut = received.Where(r => queuedAt.ContainsKey(r.RunId)).GroupBy(r => r.RunId)
        .SelectMany(g => g.Select(r => Math.Max(0, (r.At - queuedAt[g.Key]).TotalMilliseconds))).Order().ToArray();
    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv, $"vetting load: {options.Runs} concurrent runs, SQLite file, server {options.Server}, {Environment.ProcessorCount} cores, load avg {File.ReadAllText("/proc/loadavg").Trim()}"));
    Console.WriteLine(string.Create(inv, $"start to /healthz {healthyAfter.TotalMilliseconds:0} ms; idle RSS {idleRss:0} MB"));
    Console.WriteLine(string.Create(inv, $"runs passed {passed}/{options.Runs} in {elapsed.TotalSeconds:0.0} s = {passed / elapsed.TotalMinutes:0} runs/min; errors {errors.Count}"));
    Console.WriteLine(string.Create(inv, $"server CPU {cpu:0.0} s over the load; peak RSS {peakRss:0} MB"));
    Console.WriteLine(string.Create(inv, $"SSE: {options.Listeners} listeners, run start -> first `run` event of that run: p50 {Timings.Percentile(fanOut, 50):0.0} ms, p99 {Timings.Percentile(fanOut, 99):0.0} ms ({fanOut.Length} deliveries)"));
    Console.WriteLine("API latency by endpoint kind (client side, loopback):");
    foreach (var line in timings.Report())
        Console.WriteLine("  " + line);
    foreach (var error in errors.Distinct().Take(10))
        Console.WriteLine("  error: " + error);
    return errors.IsEmpty ? 0 : 1;
}
finally
{
    if (!server.HasExited)
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }

    Directory.Delete(root, recursive: true);
}

static string Mac(int i) => string.Create(CultureInfo.InvariantCulture, $"52:54:01:00:{i / 256:x2}:{i % 256:x2}");

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task<bool> TryHealthyAsync(HttpClient http)
{
    try
    {
        using var response = await http.GetAsync("/healthz");
        return response.IsSuccessStatusCode;
    }
    catch (HttpRequestException)
    {
        return false;
    }
}

static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
{
    for (var i = 0; i < 6000 && !await condition(); i++)
        await Task.Delay(50, cancellationToken);
}

internal sealed record LoadOptions(int Runs, int Listeners, string Server, int MaxMinutes)
{
    public static LoadOptions Parse(string[] args)
    {
        var runs = 50;
        var listeners = 20;
        var server = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../Vetting.Server/bin/Release/net10.0/vetting"));
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--listeners": listeners = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--server": server = Path.GetFullPath(args[i + 1]); break;
                default: throw new ArgumentException($"unknown option {args[i]} (use --runs N, --listeners N, --server PATH)");
            }
        }

        if (!File.Exists(server))
            throw new FileNotFoundException($"no orchestrator at {server}: build it (dotnet build Vetting.Server -c Release) or pass --server PATH");
        return new LoadOptions(runs, listeners, server, MaxMinutes: 20);
    }
}
