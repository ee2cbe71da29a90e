using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Vetting.Server.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vetting.Browser.Tests;

/// <summary>
/// Measures the dashboard's budgets and writes them to TestResults/ui-budgets.txt (scripts/ui-budgets.sh prints
/// them). Nothing here is asserted against a time: it only runs when VETTING_UI_BUDGETS=1.
/// </summary>
public sealed class BudgetProbe(BrowserFixture fixture) : DashboardTest(fixture)
{
    private const int Hosts = 200;

    // Installed before the app's code: long tasks, the receipt of each `run` event (before the app's own
    // listener sees it) and the moment the watched tile shows each state.
    private const string Probe = """
        window.__b = { long: [], events: [], dom: [], firstTile: null, allTiles: null };
        try { new PerformanceObserver(l => { for (const e of l.getEntries()) { __b.long.push(e.duration); (__b.longAt = __b.longAt || []).push(Math.round(e.startTime) + "+" + Math.round(e.duration)); } }).observe({ type: 'longtask', buffered: true }); } catch {}
        const Original = window.EventSource;
        window.EventSource = class extends Original {
          constructor(url, options) {
            super(url, options);
            this.addEventListener('run', e => { const d = JSON.parse(e.data); __b.events.push([d.hostName, d.state, performance.now()]); });
          }
        };
        let last = null;
        new MutationObserver(() => {
          const tiles = document.querySelectorAll('[data-testid=host-tile]');
          if (tiles.length > 0 && __b.firstTile === null) __b.firstTile = performance.now();
          if (tiles.length >= __HOSTS__ && __b.allTiles === null) __b.allTiles = performance.now();
          const badge = document.querySelector("[data-host='budget-000'] .badge[data-state]");
          const state = badge && badge.getAttribute('data-state');
          if (state && state !== last) { last = state; __b.dom.push([state, performance.now()]); }
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
        """;

    [Fact]
    public async Task Measure_the_dashboard_budgets()
    {
        if (Environment.GetEnvironmentVariable("VETTING_UI_BUDGETS") != "1")
            Assert.Skip("budgets are measured by scripts/ui-budgets.sh (VETTING_UI_BUDGETS=1), not asserted in the test run");

        for (var i = 0; i < Hosts; i++)
            await Server.App.CreateHostAsync(Server.Client, name: $"budget-{i:000}", mac: $"52:54:00:00:{i / 256:x2}:{i % 256:x2}");
        await Page.AddInitScriptAsync(Probe.Replace("__HOSTS__", Hosts.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        await using var trace = await TraceTasks.StartAsync(Page);
        await Page.GotoAsync("/");
        await Expect(Page.Locator("[data-testid=host-tile]")).ToHaveCountAsync(Hosts);
        var firstTile = await Page.EvaluateAsync<double>("() => __b.firstTile");
        var allTiles = await Page.EvaluateAsync<double>("() => __b.allTiles");
        var navigation = await Page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
        var loadLong = await Page.EvaluateAsync<double[]>("() => __b.long.slice()");

        // Every host starts a run (200 `run` events and more as slots free up); budget-000 goes all the way to Passed.
        var watched = await VettingApp.StartRunAsync(Server.Client, 1, "quick");
        for (var hostId = 2; hostId <= Hosts; hostId++)
            await VettingApp.StartRunAsync(Server.Client, hostId, "quick");
        await ExpectStateAsync(Tile("budget-000"), "WaitingWoL");
        var agent = new SimulatedAgent(Server.Client, "52:54:00:00:00:00") { OnStage = i => RealisticResults.For(i.Stage!) };
        await agent.BootAsync();
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        await agent.RunStagesAsync();
        await ExpectStateAsync(Tile("budget-000"), "Passed");
        await Expect(Page.Locator("[data-count-state=WaitingWoL]")).ToBeVisibleAsync();

        var latencies = await Page.EvaluateAsync<double[]>("""
            () => __b.dom.map(([state, at]) => {
              const e = __b.events.filter(([h, s]) => h === 'budget-000' && s === state).map(x => x[2]).filter(t => t <= at + 0.01);
              return e.length ? at - e[e.length - 1] : -1;
            }).filter(x => x >= 0)
            """);
        var allLong = await Page.EvaluateAsync<double[]>("() => __b.long.slice()");
        var tasks = await trace.StopAsync();
        var scripts = await Page.EvaluateAsync<string[]>(
            "() => performance.getEntriesByType('resource').filter(r => r.name.endsWith('.js') && r.responseEnd <= __b.firstTile).map(r => new URL(r.name).pathname)");
        var js = InitialJavaScript(scripts);

        var report = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        report.AppendLine(inv, $"initial JavaScript (gzip; every script fetched before the first tile showed): {js.Gzip / 1024.0:0.0} KB in {js.Files} files (budget 150 KB)");
        report.AppendLine(inv, $"first render, {Hosts} hosts on loopback: first tile {firstTile:0} ms, all {Hosts} tiles {allTiles:0} ms after navigation start; DOMContentLoaded {navigation:0} ms (budget 1000 ms)");
        report.AppendLine(inv, $"SSE run event -> tile updated ({latencies.Length} transitions of one tile while {Hosts} hosts update): median {Median(latencies):0.0} ms, max {(latencies.Length > 0 ? latencies.Max() : double.NaN):0.0} ms (budget 200 ms)");
        report.AppendLine(inv, $"long tasks (>50 ms) while loading {Hosts} tiles: {loadLong.Length}{(loadLong.Length > 0 ? $", longest {loadLong.Max():0} ms" : "")}");
        report.AppendLine(inv, $"long tasks (>50 ms) over load + {Hosts} runs starting + one run to Passed: {allLong.Length}{(allLong.Length > 0 ? $", longest {allLong.Max():0} ms" : "")} (budget: none)");
        report.AppendLine(inv, $"renderer main-thread tasks (Chromium trace) over the same period: {tasks.Tasks}; CPU time over 50 ms: {tasks.Over50MsCpu} (longest {tasks.LongestCpuMs:0.0} ms); wall time over 50 ms: {tasks.Over50MsWall} (longest {tasks.LongestWallMs:0.0} ms)");
        report.AppendLine(inv, $"load average while measuring: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");
        report.AppendLine(inv, $"  long tasks at (start+duration ms): {await Page.EvaluateAsync<string>("() => (__b.longAt || []).join(', ')")}");
        var path = Path.Combine(RepoRoot(), "TestResults", "ui-budgets.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report.ToString(), TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        Assert.True(watched > 0);
    }

    private static (long Gzip, int Files) InitialJavaScript(string[] paths)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = paths.Distinct().ToList();
        return (files.Sum(f => new FileInfo(Path.Combine(root, f.TrimStart('/')) + ".gz").Length), files.Count);
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
