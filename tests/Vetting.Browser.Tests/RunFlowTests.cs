using System.Net.Http.Json;
using Microsoft.Playwright;
using Vetting.Activities;
using Vetting.Protocol;
using Vetting.Server.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vetting.Browser.Tests;

/// <summary>Runs driven from the dashboard with a simulated agent over HTTP; the page is never reloaded.</summary>
public sealed class RunFlowTests(BrowserFixture browser) : DashboardTest(browser)
{
    private const string Mac = "52:54:00:12:34:56";

    [Fact]
    public async Task Start_Vetting_and_the_tile_goes_from_Queued_to_Passed_without_a_reload()
    {
        await Server.App.CreateHostAsync(Server.Client, name: "qemu-test", mac: Mac);
        await Page.GotoAsync("/");
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var tile = Tile("qemu-test");
        await Expect(tile.GetByLabel("Profile for qemu-test")).ToHaveValueAsync("standard");
        await tile.GetByLabel("Profile for qemu-test").SelectOptionAsync("quick");
        await tile.GetByRole(AriaRole.Button, new() { Name = "Start Vetting" }).ClickAsync();

        await ExpectStateAsync(tile, "WaitingWoL");
        await Expect(tile).ToContainTextAsync("Wake-on-LAN sent");
        var agent = new SimulatedAgent(Server.Client, Mac);
        await agent.BootAsync();
        await ExpectStateAsync(tile, "Booting");
        (await agent.HelloAsync()).EnsureSuccessStatusCode();

        foreach (var stage in new[] { "inventory", "cpu", "memory", "storage", "network" })
        {
            var instruction = await agent.WaitForInstructionAsync();
            Assert.Equal(stage, instruction.Stage);
            await ExpectStateAsync(tile, RunStates.ForStage(stage));
            if (stage == "cpu")
            {
                await HeartbeatAsync(agent, instruction, 40, "stress-ng: 24 of 60 s");
                await Expect(tile.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("value", "40");
                await Expect(tile).ToContainTextAsync("40 %");
                await ScreenshotAsync("dashboard-running");
            }

            using var posted = await agent.PostResultAsync(instruction.InstructionId, RealisticResults.For(stage));
            posted.EnsureSuccessStatusCode();
        }

        await ExpectStateAsync(tile, "Passed");
        await Expect(tile.GetByRole(AriaRole.Link, new() { Name = "View report" })).ToBeVisibleAsync();
        await Expect(tile.Locator("[data-testid=verdict]")).ToHaveTextAsync("passed");
        Assert.True(await Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");

        await tile.GetByRole(AriaRole.Link, new() { Name = "qemu-test" }).ClickAsync();
        await Expect(Page.Locator("[data-testid=history] tbody tr")).ToHaveCountAsync(1);
        await Expect(Page.Locator("[data-testid=history]")).ToContainTextAsync("vetting v1");
        await ScreenshotAsync("host-history");
        await Page.GetByRole(AriaRole.Link, new() { Name = "#1" }).First.ClickAsync();
        await Expect(Page.Locator("li.stage[data-stage=network][data-status=passed]")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "cpu.log" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "View report" })).ToBeVisibleAsync();
        await Expect(Page.Locator(".chart canvas")).ToHaveCountAsync(5);
        await Expect(Page.GetByRole(AriaRole.Table, new() { Name = "All measurements" })).ToContainTextAsync("941 Mbit/s");
        await ScreenshotAsync("run-passed");
        AssertNoConsoleProblems();
    }

    [Fact]
    public async Task A_failing_run_holds_with_the_ssh_command_and_override_reruns_storage_to_Passed()
    {
        await Server.App.CreateHostAsync(Server.Client, name: "node-7", mac: Mac);
        await Page.GotoAsync("/");
        var tile = Tile("node-7");
        await tile.GetByRole(AriaRole.Button, new() { Name = "Start Vetting" }).ClickAsync();
        await ExpectStateAsync(tile, "WaitingWoL");
        var agent = new SimulatedAgent(Server.Client, Mac)
        {
            OnStage = i => i.Stage == "storage" && i.Parameters["allowDestructive"]?.GetValue<bool>() != true
                ? SimulatedAgent.Results.Fail("wipe-probe-refused", "vdb has a gpt partition table")
                : SimulatedAgent.Results.Pass(i.Stage!),
        };
        await agent.BootAsync();
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        Assert.Equal(InstructionKinds.Hold, (await agent.RunStagesAsync()).Kind);

        await ExpectStateAsync(tile, "FailedHolding");
        var hold = tile.Locator("[data-testid=hold-panel]");
        await Expect(hold.Locator("[data-testid=hold-ip]")).ToHaveTextAsync("10.77.0.50");
        await Expect(hold.Locator("[data-testid=ssh-command]")).ToContainTextAsync("root@10.77.0.50");
        await Expect(hold.GetByRole(AriaRole.Button, new() { Name = "Copy the ssh command" })).ToBeVisibleAsync();
        await Expect(tile.GetByRole(AriaRole.Button, new() { Name = "Release" })).ToBeVisibleAsync();
        await Expect(Page).ToHaveTitleAsync("(1 held) Vetting");
        await ScreenshotAsync("dashboard-held");

        await tile.GetByRole(AriaRole.Button, new() { Name = "Override wipe-probe" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Overwrite disks on node-7?");
        await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "Disks that will be overwritten" })).ToContainTextAsync("vdb");
        await ScreenshotAsync("override-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Overwrite these disks" }).ClickAsync();

        Assert.Equal(InstructionKinds.PowerOff, (await agent.RunStagesAsync()).Kind);
        await ExpectStateAsync(tile, "Passed");
        await Expect(tile.Locator("[data-testid=hold-panel]")).ToHaveCountAsync(0);
        Assert.True(agent.Received.Last(i => i.Stage == "storage").Parameters["allowDestructive"]!.GetValue<bool>());
        AssertNoConsoleProblems();
    }

    [Fact]
    public async Task Cancel_asks_first_then_ends_the_run_as_Cancelled()
    {
        await Server.App.CreateHostAsync(Server.Client, name: "node-3", mac: Mac);
        await Page.GotoAsync("/");
        var tile = Tile("node-3");
        await tile.GetByRole(AriaRole.Button, new() { Name = "Start Vetting" }).ClickAsync();
        await ExpectStateAsync(tile, "WaitingWoL");

        await tile.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("ends as Cancelled");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await ExpectStateAsync(tile, "WaitingWoL");

        await tile.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel the run" }).ClickAsync();
        await ExpectStateAsync(tile, "Cancelled");
        await Expect(tile.Locator("[data-testid=verdict]")).ToHaveTextAsync("cancelled");

        // A fresh run: while it goes, the tile keeps the last finished run's verdict in view.
        await tile.GetByRole(AriaRole.Button, new() { Name = "Start Vetting" }).ClickAsync();
        await ExpectStateAsync(tile, "WaitingWoL");
        await Expect(tile).ToContainTextAsync("Last verdict");
        await Expect(tile.Locator("[data-testid=verdict]")).ToHaveTextAsync("cancelled (#1)");
        AssertNoConsoleProblems();
    }

    [Fact]
    public async Task Release_on_the_run_page_ends_the_hold_as_Failed_and_the_host_can_start_again()
    {
        var hostId = await Server.App.CreateHostAsync(Server.Client, name: "node-r", mac: Mac);
        var runId = await VettingApp.StartRunAsync(Server.Client, hostId);
        await VettingApp.WaitForStateAsync(Server.Client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(Server.Client, Mac) { OnStage = _ => SimulatedAgent.Results.Fail("thermal-throttle", "cpu0 throttled 12 times") };
        await agent.BootAsync();
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        Assert.Equal(InstructionKinds.Hold, (await agent.RunStagesAsync()).Kind);

        await Page.GotoAsync($"/runs/{runId}");
        await Expect(Page.Locator("[data-testid=hold-panel] [data-testid=ssh-command]")).ToContainTextAsync("root@10.77.0.50");
        await Expect(Page.Locator("li.stage[data-stage=inventory][data-status=failed]")).ToContainTextAsync("thermal-throttle");
        var copy = Page.GetByRole(AriaRole.Button, new() { Name = "Copy the ssh command" });
        await copy.ClickAsync();
        await Expect(Page.Locator("[data-testid=hold-panel] [role=status]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Copied|Select the text"));
        await ScreenshotAsync("run-held");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"run #{runId} ends as Failed");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Release and power off" }).ClickAsync();
        Assert.Equal(InstructionKinds.PowerOff, (await agent.WaitForInstructionAsync()).Kind);
        await Expect(Page.Locator(".page-head .badge[data-state]")).ToHaveAttributeAsync("data-state", "Failed");
        await Expect(Page.Locator("[data-testid=hold-panel]")).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Start Vetting" })).ToBeVisibleAsync();
        AssertNoConsoleProblems();
    }

    private static async Task HeartbeatAsync(SimulatedAgent agent, Instruction instruction, double percent, string message)
    {
        using var response = await agent.SendAsync(HttpMethod.Post, "heartbeat", JsonContent.Create(
            new HeartbeatRequest { InstructionId = instruction.InstructionId, Percent = percent, Message = message },
            ProtocolJsonContext.Default.HeartbeatRequest));
        response.EnsureSuccessStatusCode();
    }
}
