using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

/// <summary>
/// One orchestrator process of the load: its config (its own port, data dir and site; the shared database), its
/// process (started, and stopped by its recorded PID), and a client that times every request.
/// </summary>
internal sealed class Orchestrator : IDisposable
{
    private readonly string _logName;
    private Process? _process;
    private TextWriter? _log;

    /// <param name="port">The port of the site's other process when this is its standby (they share the site's address); else a free one.</param>
    public Orchestrator(string binary, string root, int index, string site, string? database, int maxConcurrent, Timings timings, string bootTimeout = "10m",
        int wolPort = 40009, int? port = null)
    {
        Binary = binary;
        Site = site;
        Port = port ?? FreePort();
        _logName = port is null ? site : $"{site}.standby-{index}";
        var dir = Path.Combine(root, $"orchestrator-{index}");
        Directory.CreateDirectory(dir);
        ConfigPath = Path.Combine(dir, "vetting.yaml");
        File.WriteAllText(ConfigPath, $"""
            server:
              bind: "127.0.0.1:{Port}"
            paths:
              data_dir: "{dir}/data"
            site:
              name: {site}
            wol:
              port: {wolPort}
            runs:
              max_concurrent: {maxConcurrent}
              boot_timeout: {bootTimeout}
            network_test:
              enabled: false
            {database ?? ""}
            """);
        Http = new HttpClient(new TimingHandler(timings) { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 4096 } })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string Binary { get; }
    public string Site { get; }
    public int Port { get; }
    public string ConfigPath { get; }
    public HttpClient Http { get; }
    public int Pid => _process?.Id ?? 0;
    public bool Running => _process is { HasExited: false };

    /// <summary>
    /// Starts the process and waits for /healthz, or with <paramref name="standby"/> until it says it stands by for its
    /// site (another process holds it and answers on the address); returns the time that took.
    /// </summary>
    public async Task<TimeSpan> StartAsync(bool standby = false)
    {
        var started = Stopwatch.StartNew();
        _process?.Dispose();
        _log?.Dispose();
        var start = new ProcessStartInfo(Binary, ["serve", "--config", ConfigPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Logging__LogLevel__Default"] = "Warning" },
        };
        foreach (var (name, value) in UnitEnvironment.Value)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Binary}");
            // VETTING_LOAD_SERVER_LOG=DIR keeps each orchestrator's output in DIR/<site>.log (a standby's in
        // DIR/<site>.standby-<n>.log), for a look at what it did.
        var log = Environment.GetEnvironmentVariable("VETTING_LOAD_SERVER_LOG") is { Length: > 0 } dir
            ? TextWriter.Synchronized(new StreamWriter(Path.Combine(dir, $"{_logName}.log"), append: true))
            : null;
        var standingBy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Line(string? text)
        {
            log?.WriteLine(text);
            if (text?.Contains("this one is its standby", StringComparison.Ordinal) == true)
                standingBy.TrySetResult();
        }

        _process.OutputDataReceived += (_, line) => Line(line.Data);
        _process.ErrorDataReceived += (_, line) => Line(line.Data);
        _process.Exited += (_, _) => log?.Flush();
        _log = log;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (standby)
        {
            if (await Task.WhenAny(standingBy.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60))) != standingBy.Task)
                throw new InvalidOperationException($"orchestrator {Site} did not stand by within 60 s (exit {(_process.HasExited ? _process.ExitCode : "none")})");
            return started.Elapsed;
        }

        while (!await HealthyAsync())
        {
            if (_process.HasExited || started.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"orchestrator {Site} did not answer /healthz within 60 s (exit {(_process.HasExited ? _process.ExitCode : "none")})");
            await Task.Delay(50);
        }

        return started.Elapsed;
    }

    /// <summary>Registers a load host at this orchestrator (so it belongs to this site); returns its id.</summary>
    public async Task<int> RegisterHostAsync(string name, string mac, CancellationToken cancellationToken)
    {
        using var created = await Http.PostAsJsonAsync("/api/v1/hosts", new
        {
            name,
            mac,
            wolBroadcast = "127.0.0.1",
            expectedSpec = "memory: { total_gib: 4 }\ncpu: { logical_cores: 4 }\n",
        }, cancellationToken);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancellationToken)).GetProperty("id").GetInt32();
    }

    /// <summary>SIGKILL, as a crash: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        KillAsync().GetAwaiter().GetResult();
        _process?.Dispose();
        _log?.Dispose();
        Http.Dispose();
    }

    /// <summary>Waits until the site's address answers /healthz (after a kill: when its standby has taken over).</summary>
    public async Task<TimeSpan> WaitHealthyAsync()
    {
        var waited = Stopwatch.StartNew();
        while (!await HealthyAsync())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"nothing answered /healthz for site {Site} within 60 s");
            await Task.Delay(50);
        }

        return waited.Elapsed;
    }

    private async Task<bool> HealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The <c>DOTNET_</c> environment that deploy/vetting.service gives the installed service (the GC's gen0 budget), so the
/// load measures the server as it runs in production rather than with the runtime's defaults.
/// </summary>
internal static class UnitEnvironment
{
    public static IReadOnlyList<(string Name, string Value)> Value { get; } = Read();

    private static List<(string, string)> Read()
    {
        var unit = Repository.PathOf("deploy/vetting.service");
        if (!File.Exists(unit))
        {
            throw new FileNotFoundException($"the load starts the server with the environment of {unit}, which is missing");
        }

        return [.. File.ReadLines(unit)
            .Where(line => line.StartsWith("Environment=DOTNET_", StringComparison.Ordinal))
            .Select(line => line["Environment=".Length..].Split('=', 2))
            .Select(pair => (pair[0], pair[1]))];
    }
}
