using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vetting.Protocol;
using Vetting.Server.Tests.Support;

/// <summary>
/// The crash soak (<c>--kill K</c>): the load, while orchestrators are killed with SIGKILL at random moments and
/// started again, K times in all. Runs are queued beyond <c>--concurrent</c>, stages take up to <c>--stage-seconds</c>,
/// and <c>--no-boot M</c> nodes never boot, so kills land on queued runs, running stages, pending boot timeouts and
/// notifications in flight. Agents retry through the outages as the real agent does. Afterwards it counts what a crash
/// may not cost: results the server acknowledged but lost, stages executed twice, timers fired twice, and
/// notifications (ntfy, to a sink in this process) lost or sent twice.
/// </summary>
internal static partial class Soak
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        var root = Directory.CreateTempSubdirectory("vetting-soak-").FullName;
        var timings = new Timings();
        using var sink = new NotificationSink();
        string? database = null;
        var extra = $"""
            notifiers:
              - type: ntfy
                url: {sink.Url}
            """;
        if (options.Postgres is { } postgres)
        {
            database = LoadDatabase.Create(postgres, options.Sites);
            extra += $"\ndatabase:\n  provider: postgres\n  connection_string: \"{database}\"";
        }

        var orchestrators = Enumerable.Range(0, options.Sites)
            .Select(s => new Orchestrator(options.Server, root, s, options.Sites == 1 ? "default" : $"site-{s}", extra, options.Concurrent, timings, bootTimeout: "30s"))
            .ToList();
        // --standby: a second process per site on the site's address (it listens only once it holds the site).
        var standbys = options.Standby
            ? orchestrators.Select((o, s) => new Orchestrator(options.Server, root, options.Sites + s, o.Site, extra, options.Concurrent, timings, bootTimeout: "30s", port: o.Port)).ToList()
            : [];
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.MaxMinutes));
        var random = new Random(options.Seed);
        try
        {
            foreach (var orchestrator in orchestrators)
                await orchestrator.StartAsync();
            foreach (var standby in standbys)
                await standby.StartAsync(standby: true);
            // Each site's process that holds it (and answers on its address), and its standby.
            var holders = orchestrators.ToArray();
            var waiting = standbys.ToArray();
            Orchestrator Of(int i) => orchestrators[i % orchestrators.Count];

            var hostIds = new int[options.Runs];
            var runIds = new int[options.Runs];
            for (var i = 0; i < options.Runs; i++)
                hostIds[i] = await Of(i).RegisterHostAsync($"soak-{i:0000}", Mac(i), stop.Token);

            // Every run is queued before the first kill: creating one is not idempotent, and the soak is about what
            // happens to runs, not about a client that cannot tell whether its POST landed.
            for (var i = 0; i < options.Runs; i++)
            {
                using var start = await Of(i).Http.PostAsJsonAsync($"/api/v1/hosts/{hostIds[i]}/runs", new { profile = "quick" }, stop.Token);
                start.EnsureSuccessStatusCode();
                runIds[i] = (await start.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetInt32();
            }

            var clock = Stopwatch.StartNew();
            var acknowledged = new ConcurrentDictionary<int, ConcurrentBag<string>>();
            var executedTwice = new ConcurrentBag<string>();
            var errors = new ConcurrentBag<string>();
            var agents = Enumerable.Range(0, options.Runs).Select(i => i < options.NoBoot
                ? Task.CompletedTask
                : DriveAsync(i)).ToList();

            async Task DriveAsync(int i)
            {
                var acked = acknowledged.GetOrAdd(runIds[i], _ => []);
                var agentRandom = new Random(options.Seed + i);
                try
                {
                    var site = Of(i).Http;
                    var agent = new SimulatedAgent(site, Mac(i)) { WaitSeconds = 30 };
                    await Until(async () => (await Retry(() => site.GetStringAsync($"/pxe/boot.ipxe?mac={Mac(i)}", stop.Token))).Contains("vetting.run=", StringComparison.Ordinal), 1000);
                    // A boot script fetched but lost in a crash is fetched again: each fetch issues a fresh token.
                    await Retry(agent.BootAsync);
                    await Retry(async () => (await agent.HelloAsync()).EnsureSuccessStatusCode());
                    for (var polls = 0; polls < 200; polls++)
                    {
                        if (await Retry(agent.NextAsync) is not { } instruction)
                            continue;
                        if (instruction.Kind != InstructionKinds.Stage)
                            return;
                        if (acked.Contains(instruction.Stage!))
                            executedTwice.Add($"run {runIds[i]}: {instruction.Stage} sent again after its result was accepted");
                        await Task.Delay(TimeSpan.FromMilliseconds(agentRandom.Next(0, (int)(options.StageSeconds * 1000) + 1)), stop.Token);
                        var result = agent.OnStage(instruction);
                        try
                        {
                            await Retry(async () => (await agent.PostResultAsync(instruction.InstructionId, result)).EnsureSuccessStatusCode());
                        }
                        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Gone)
                        {
                            // The result was taken and the run ended, but the answer was lost in a crash: the retry finds the
                            // run over. As the real agent does, collect what the run left (its power-off) and stop.
                            acked.Add(instruction.Stage!);
                            if (await Retry(agent.NextAsync) is not { Kind: InstructionKinds.PowerOff })
                                errors.Add($"run {runIds[i]}: ended under its {instruction.Stage} result without a power-off to collect");
                            return;
                        }

                        acked.Add(instruction.Stage!);
                    }

                    errors.Add($"run {runIds[i]}: no power-off after 200 polls");
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    errors.Add($"run {runIds[i]}: {e.GetType().Name}: {e.Message}");
                }
            }

            // The killer: K SIGKILLs at random moments while the agents work (at least 1 s of life after each start).
            var kills = new List<(string Site, TimeSpan At, TimeSpan Restart)>();
            var killer = Task.Run(async () =>
            {
                for (var k = 0; k < options.Kills && !stop.IsCancellationRequested; k++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1000 + random.Next(0, 4000)), stop.Token);
                    var site = random.Next(holders.Length);
                    var victim = holders[site];
                    var at = clock.Elapsed;
                    await victim.KillAsync();
                    if (options.Standby)
                    {
                        // The standby takes the site over on its address; the killed process comes back as the standby.
                        var takeover = await waiting[site].WaitHealthyAsync();
                        (holders[site], waiting[site]) = (waiting[site], victim);
                        kills.Add((victim.Site, at, takeover));
                        await victim.StartAsync(standby: true);
                    }
                    else
                    {
                        kills.Add((victim.Site, at, await victim.StartAsync()));
                    }
                }
            }, stop.Token);

            await Task.WhenAll(agents.Append(killer));
            var loadSeconds = clock.Elapsed.TotalSeconds;

            // What every run ended as, and what it kept.
            var http = orchestrators[0].Http;
            var passed = 0;
            var bootTimeouts = 0;
            var lost = new List<string>();
            var duplicateStages = 0;
            var timersTwice = new List<string>();
            var finalEvent = new Dictionary<int, string>();
            for (var i = 0; i < options.Runs; i++)
            {
                var runId = runIds[i];
                JsonElement run = default;
                await Until(async () => (run = await http.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}", stop.Token)).GetProperty("state").GetString() is "Passed" or "Failed" or "FailedHolding", 250);
                var state = run.GetProperty("state").GetString()!;
                var stages = run.GetProperty("stages").EnumerateArray().ToList();
                duplicateStages += Math.Max(0, stages.Count - 5);
                if (i < options.NoBoot)
                {
                    var reason = run.TryGetProperty("failure", out var failure) && failure.ValueKind == JsonValueKind.Object ? failure.GetProperty("reason").GetString() : null;
                    if (state == "Failed" && reason == "boot-timeout")
                        bootTimeouts++;
                    else
                        errors.Add($"run {runId} (never booted): {state} {reason}, expected Failed boot-timeout");
                    finalEvent[runId] = "x";
                }
                else
                {
                    if (state == "Passed" && stages.Count == 5)
                        passed++;
                    else
                        errors.Add($"run {runId}: {state} with {stages.Count} stages, expected Passed with 5");
                    finalEvent[runId] = state == "Passed" ? "white_check_mark" : "x";
                }

                foreach (var stage in acknowledged.GetValueOrDefault(runId) ?? [])
                {
                    if (!stages.Any(s => s.GetProperty("name").GetString() == stage && s.GetProperty("status").GetString() == "passed"))
                        lost.Add($"run {runId}: {stage}");
                }

                var instance = run.GetProperty("workflow").GetProperty("instanceId").GetString();
                var journal = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/workflow-instances/{instance}", stop.Token)).GetProperty("journal");
                var fired = journal.EnumerateArray().Count(e => e.GetProperty("event").GetString() == "TimerFired");
                if (fired > 1)
                    timersTwice.Add($"run {runId}: {fired} TimerFired");
            }

            // Notifications: one per run for its verdict, once. Give the outbox time to drain after the last restart.
            await Until(() => Task.FromResult(sink.Count >= options.Runs), 250, 120_000);
            await Task.Delay(5000, stop.Token);
            var received = sink.Received();
            var lostNotifications = finalEvent.Where(e => !received.ContainsKey((e.Key, e.Value))).Select(e => $"run {e.Key}").ToList();
            var duplicated = received.Where(r => r.Value > 1).Select(r => $"run {r.Key.RunId} {r.Key.Tag} x{r.Value}").ToList();
            var unexpected = received.Keys.Where(k => !finalEvent.TryGetValue(k.RunId, out var tag) || tag != k.Tag).Select(k => $"run {k.RunId} {k.Tag}").ToList();

            var inv = CultureInfo.InvariantCulture;
            var store = (options.Postgres is null ? "SQLite file" : "PostgreSQL (shared)") + (options.Standby ? ", a standby per site" : "");
            Console.WriteLine(string.Create(inv, $"vetting crash soak: {options.Runs} runs ({options.NoBoot} never boot), {options.Concurrent} at a time per site, stages up to {options.StageSeconds:0.#} s, {orchestrators.Count} orchestrator(s), {store}, {Environment.ProcessorCount} cores, load avg {File.ReadAllText("/proc/loadavg").Trim()}"));
            var back = options.Standby ? "standby answering on the site's address" : "restart to /healthz";
            Console.WriteLine(string.Create(inv, $"kills: {kills.Count} SIGKILLs of the site's holder over {loadSeconds:0} s ({string.Join(", ", kills.GroupBy(k => k.Site).Select(g => $"{g.Key} {g.Count()}"))}); {back} p50 {Timings.Percentile([.. kills.Select(k => k.Restart.TotalMilliseconds).Order()], 50):0} ms, max {(kills.Count == 0 ? 0 : kills.Max(k => k.Restart.TotalMilliseconds)):0} ms"));
            Console.WriteLine($"runs finished: {passed}/{options.Runs - options.NoBoot} Passed, {bootTimeouts}/{options.NoBoot} Failed on boot-timeout");
            Console.WriteLine($"results lost (accepted by the server, missing from the run): {lost.Count}");
            Console.WriteLine($"stages executed twice: {duplicateStages + executedTwice.Count} ({duplicateStages} extra stage rows, {executedTwice.Count} stage instructions sent again after their result was accepted)");
            Console.WriteLine($"timers fired twice: {timersTwice.Count}");
            Console.WriteLine($"notifications: {received.Values.Sum()} received for {finalEvent.Count} verdicts; lost {lostNotifications.Count}, duplicated {duplicated.Count}, unexpected {unexpected.Count}");
            foreach (var line in lost.Concat(executedTwice).Concat(timersTwice).Concat(lostNotifications.Select(l => "notification lost: " + l))
                         .Concat(duplicated.Select(d => "notification duplicated: " + d)).Concat(unexpected.Select(u => "unexpected notification: " + u)).Concat(errors.Distinct()).Take(20))
                Console.WriteLine("  " + line);
            var clean = lost.Count == 0 && duplicateStages + executedTwice.Count == 0 && timersTwice.Count == 0 && lostNotifications.Count == 0
                        && duplicated.Count == 0 && unexpected.Count == 0 && errors.IsEmpty && kills.Count == options.Kills;
            return clean ? 0 : 1;

            // Retries what an outage interrupts, as the real agent does: refused connections, resets and 5xx, for up to 2 minutes.
            async Task<T> Retry<T>(Func<Task<T>> call)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        return await call();
                    }
                    catch (Exception e) when (attempt < 240 && !stop.IsCancellationRequested && Transient(e))
                    {
                        await Task.Delay(500, stop.Token);
                    }
                }
            }

            async Task Until(Func<Task<bool>> condition, int everyMs, int withinMs = 300_000)
            {
                for (var waited = 0; waited < withinMs; waited += everyMs)
                {
                    if (await Retry(condition))
                        return;
                    await Task.Delay(everyMs, stop.Token);
                }

                throw new TimeoutException($"a condition did not hold within {withinMs / 1000} s");
            }
        }
        finally
        {
            foreach (var orchestrator in orchestrators.Concat(standbys))
                orchestrator.Dispose();
            if (database is not null)
                LoadDatabase.Drop(options.Postgres!, database);
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool Transient(Exception e) => e switch
    {
        HttpRequestException { StatusCode: null or >= HttpStatusCode.InternalServerError } => true,
        TaskCanceledException or IOException or SocketException => true,
        _ => false,
    };

    private static string Mac(int i) => string.Create(CultureInfo.InvariantCulture, $"52:54:02:00:{i / 256:x2}:{i % 256:x2}");

    /// <summary>An ntfy server of one topic on loopback: counts what arrives, per run and tag.</summary>
    private sealed partial class NotificationSink : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentDictionary<(int RunId, string Tag), int> _received = new();
        private readonly Task _loop;

        public NotificationSink()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/vetting-soak";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public int Count => _received.Values.Sum();

        public Dictionary<(int RunId, string Tag), int> Received() => new(_received);

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    var body = await reader.ReadToEndAsync();
                    if (RunLine().Match(body) is { Success: true } match)
                        _received.AddOrUpdate((int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), context.Request.Headers["Tags"] ?? ""), 1, (_, n) => n + 1);
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        [GeneratedRegex(@"^Run (\d+) ")]
        private static partial Regex RunLine();

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
