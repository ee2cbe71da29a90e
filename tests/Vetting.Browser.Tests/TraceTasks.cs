using System.Text.Json;
using Microsoft.Playwright;

namespace Vetting.Browser.Tests;

/// <summary>
/// Reads a Chromium trace (Browser.StartTracingAsync) for the renderer main thread's tasks and their CPU time
/// (<c>tdur</c>), which, unlike the wall time the Long Tasks API reports, does not grow when other processes load
/// the machine.
/// </summary>
internal sealed class TraceTasks : IAsyncDisposable
{
    private readonly ICDPSession _cdp;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TraceTasks(ICDPSession cdp)
    {
        _cdp = cdp;
        _cdp.Event("Tracing.dataCollected").OnEvent += (_, data) =>
        {
            if (data is { } d && d.TryGetProperty("value", out var value))
                lock (_events) _events.AddRange(value.EnumerateArray().Select(e => e.Clone()));
        };
        _cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => _complete.TrySetResult();
    }

    public sealed record Summary(int Tasks, int Over50MsCpu, double LongestCpuMs, int Over50MsWall, double LongestWallMs);

    /// <summary>Starts a Chromium trace of the page's renderer over the DevTools protocol.</summary>
    public static async Task<TraceTasks> StartAsync(IPage page)
    {
        var trace = new TraceTasks(await page.Context.NewCDPSessionAsync(page));
        await trace._cdp.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["categories"] = "toplevel,disabled-by-default-devtools.timeline",
            ["transferMode"] = "ReportEvents",
        });
        return trace;
    }

    public async Task<Summary> StopAsync()
    {
        await _cdp.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(60));
        lock (_events) return Read(_events);
    }

    public async ValueTask DisposeAsync() => await _cdp.DetachAsync();

    private static Summary Read(List<JsonElement> events)
    {
        var mainThreads = new HashSet<(long, long)>();
        foreach (var e in events)
        {
            if (Str(e, "ph") == "M" && Str(e, "name") == "thread_name"
                && e.TryGetProperty("args", out var args) && Str(args, "name") == "CrRendererMain")
                mainThreads.Add((Num(e, "pid"), Num(e, "tid")));
        }

        var cpu = new List<double>();
        var wall = new List<double>();
        foreach (var e in events)
        {
            if (Str(e, "ph") != "X" || Str(e, "name") is not ("RunTask" or "ThreadControllerImpl::RunTask") || !mainThreads.Contains((Num(e, "pid"), Num(e, "tid"))))
                continue;
            wall.Add(Num(e, "dur") / 1000.0);
            if (e.TryGetProperty("tdur", out _))
                cpu.Add(Num(e, "tdur") / 1000.0);
        }

        return new Summary(wall.Count, cpu.Count(d => d > 50), cpu.DefaultIfEmpty(0).Max(), wall.Count(d => d > 50), wall.DefaultIfEmpty(0).Max());
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Num(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (long)v.GetDouble() : 0;
}
