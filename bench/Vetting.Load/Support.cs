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
