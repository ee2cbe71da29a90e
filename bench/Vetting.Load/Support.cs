using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

/// <summary>Client-side latency of every request, by the kind of endpoint it went to.</summary>
internal sealed partial class Timings
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _byKind = new();

    public void Clear() => _byKind.Clear();

    public void Add(HttpRequestMessage request, double ms) => _byKind.GetOrAdd(Kind(request), _ => []).Add(ms);

    public IEnumerable<string> Report() => _byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k =>
    {
        var sorted = k.Value.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{k.Key,-28} n={sorted.Length,6}  p50 {Percentile(sorted, 50),7:0.0} ms  p99 {Percentile(sorted, 99),7:0.0} ms  max {sorted[^1],7:0.0} ms");
    });

    /// <summary>Every agent call but the long-poll, together: the figure issue 13's "agent API p99" target is about.</summary>
    public string AgentSummary()
    {
        var sorted = _byKind.Where(k => k.Key.StartsWith("agent ", StringComparison.Ordinal) && k.Key != "agent GET next")
            .SelectMany(k => k.Value).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{"agent API but next",-28} n={sorted.Length,6}  p50 {Percentile(sorted, 50),7:0.0} ms  p99 {Percentile(sorted, 99),7:0.0} ms  max {(sorted.Length == 0 ? double.NaN : sorted[^1]),7:0.0} ms");
    }

    public static double Percentile(double[] sorted, int p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * p / 100.0) - 1, 0, sorted.Length - 1)];

    private static string Kind(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        var agent = AgentPath().Match(path);
        if (agent.Success)
            return $"agent {request.Method} {agent.Groups[1].Value}";
        return $"{request.Method} {Ids().Replace(path, "{id}")}";
    }

    [GeneratedRegex(@"^/api/v1/runs/\d+/(hello|next|heartbeat|log|artifacts|instructions)")]
    private static partial Regex AgentPath();

    [GeneratedRegex(@"(?<=/)\d+(?=/|$)")]
    private static partial Regex Ids();
}

internal sealed class TimingHandler(Timings timings) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken);
        timings.Add(request, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }
}

/// <summary>One live-event listener, as the dashboard is: records when each run's first `run` event arrives.</summary>
internal static class Sse
{
    public static async Task ListenAsync(int port, ConcurrentBag<(int RunId, TimeSpan At)> received, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
        var seen = new HashSet<int>();
        try
        {
            using var response = await http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            string? eventName = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                    eventName = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "run")
                {
                    using var data = JsonDocument.Parse(line[6..]);
                    if (data.RootElement.TryGetProperty("id", out var id) && seen.Add(id.GetInt32()))
                        received.Add((id.GetInt32(), clock.Elapsed));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>What /proc says about the server process.</summary>
internal static class Proc
{
    public static double RssMb(int pid) => StatusKb(pid, "VmRSS:") / 1024.0;

    public static double PeakRssMb(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    /// <summary>utime + stime of the process, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static long StatusKb(int pid, string key) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}

/// <summary>
/// The nodes' side of Wake-on-LAN: the orchestrators send their magic packets to 127.0.0.1 on this listener's port, and a
/// simulated node boots when its packet arrives, as a real one does, instead of asking the server again and again
/// whether it has been woken.
/// </summary>
internal sealed class WolListener : IDisposable
{
    private readonly System.Net.Sockets.UdpClient _socket = new(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _woken = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public WolListener() => _receiving = ReceiveAsync();

    public int Port => ((System.Net.IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    /// <summary>Completes when a magic packet for <paramref name="mac"/> has arrived (at once if one already has).</summary>
    public Task WokenAsync(string mac, CancellationToken cancellationToken) => Waiter(mac).Task.WaitAsync(cancellationToken);

    /// <summary>Forgets that <paramref name="mac"/> was woken, before its next run.</summary>
    public void Reset(string mac) => _woken.TryRemove(mac, out _);

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _receiving.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        _stop.Dispose();
    }

    private TaskCompletionSource Waiter(string mac) => _woken.GetOrAdd(mac, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            System.Net.Sockets.UdpReceiveResult packet;
            try
            {
                packet = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                return;
            }

            // 6 × 0xFF, then the MAC 16 times; anything else is not a magic packet.
            var bytes = packet.Buffer;
            if (bytes.Length < 102 || bytes.AsSpan(0, 6).ContainsAnyExcept((byte)0xFF))
                continue;
            Waiter(string.Join(':', bytes.Skip(6).Take(6).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)))).TrySetResult();
        }
    }
}

/// <summary>Paths in the repository this harness was built from (bench/Vetting.Load/bin/Release/net10.0/ is five levels down).</summary>
internal static class Repository
{
    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../..", relative));
}
