using Microsoft.Playwright;
using Vetting.Protocol;
using Vetting.Server.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vetting.Browser.Tests;

/// <summary>The host page: runs newest first, and whether the node got slower since its last vetting.</summary>
public sealed class HostHistoryTests(BrowserFixture browser) : DashboardTest(browser)
{
    private const string Mac = "52:54:00:12:34:56";

    [Fact]
    public async Task Two_runs_are_listed_newest_first_and_a_slower_disk_is_flagged_in_the_comparison()
    {
        var hostId = await Server.App.CreateHostAsync(Server.Client, name: "node-h", mac: Mac);
        var first = await RunToPassedAsync(hostId, RealisticResults.For);
        var second = await RunToPassedAsync(hostId, stage => stage == "storage"
            ? RealisticResults.For(stage) with { Measurements = [new Measurement { Name = "seq_read", Value = 256, Unit = "MB/s", Device = "vda" }, new Measurement { Name = "seq_read", Value = 190, Unit = "MB/s", Device = "vdb" }] }
            : RealisticResults.For(stage));

        await Page.GotoAsync($"/hosts/{hostId}");
        var rows = Page.Locator("[data-testid=history] tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync($"#{second}");
        await Expect(rows.Nth(1)).ToContainTextAsync($"#{first}");
        await Expect(rows.Nth(0)).ToContainTextAsync("vetting v1");

        var compare = Page.GetByTestId("compare-table");
        await Expect(Page.GetByLabel("Earlier run")).ToHaveValueAsync(first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var vda = compare.Locator("tr", new() { HasText = "seq_read · vda" });
        await Expect(vda).ToContainTextAsync("512 MB/s");
        await Expect(vda).ToContainTextAsync("256 MB/s");
        await Expect(vda).ToContainTextAsync("-50 % (worse)");
        await Expect(compare.Locator("tr", new() { HasText = "seq_read · vdb" })).Not.ToContainTextAsync("worse");
        await ScreenshotAsync("host-history-compare");
        AssertNoConsoleProblems();
    }

    private async Task<int> RunToPassedAsync(int hostId, Func<string, StageResult> result)
    {
        var runId = await VettingApp.StartRunAsync(Server.Client, hostId);
        await VettingApp.WaitForStateAsync(Server.Client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(Server.Client, Mac) { OnStage = i => result(i.Stage!) };
        await agent.BootAsync();
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        Assert.Equal(InstructionKinds.PowerOff, (await agent.RunStagesAsync()).Kind);
        await VettingApp.WaitForStateAsync(Server.Client, runId, "Passed");
        return runId;
    }
}
