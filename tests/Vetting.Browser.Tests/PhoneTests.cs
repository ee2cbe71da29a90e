using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vetting.Browser.Tests;

/// <summary>The dashboard on a 375 px phone: everything fits the width and stays reachable.</summary>
public sealed class PhoneTests(BrowserFixture browser) : DashboardTest(browser)
{
    protected override ViewportSize Viewport => new() { Width = 375, Height = 812 };

    [Fact]
    public async Task At_375_px_the_pages_fit_the_screen_and_the_controls_work()
    {
        var hostId = await Server.App.CreateHostAsync(Server.Client, name: "a-rather-long-node-name-07.rack3.lan", mac: "52:54:00:00:00:07");
        await Server.App.CreateHostAsync(Server.Client, name: "node-8", mac: "52:54:00:00:00:08");
        await Page.GotoAsync("/");
        var tile = Tile("a-rather-long-node-name-07.rack3.lan");
        await Expect(tile).ToBeVisibleAsync();
        await AssertFitsAsync();
        await ScreenshotAsync("phone-dashboard");

        await Page.GetByLabel("Search").FillAsync("node-8");
        await Expect(Page.Locator("[data-testid=host-tile]")).ToHaveCountAsync(1);
        await Page.GetByLabel("Search").FillAsync("");
        await Expect(Page.Locator("[data-testid=host-tile]")).ToHaveCountAsync(2);

        await tile.GetByRole(AriaRole.Button, new() { Name = "Start Vetting" }).ClickAsync();
        await ExpectStateAsync(tile, "WaitingWoL");
        await Page.Locator("[data-count-state=WaitingWoL]").ClickAsync();
        await Expect(Page.Locator("[data-testid=host-tile]")).ToHaveCountAsync(1);

        await Page.GotoAsync($"/hosts/{hostId}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "a-rather-long-node-name-07.rack3.lan" })).ToBeVisibleAsync();
        await AssertFitsAsync();
        await Page.GotoAsync("/runs/1");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Stages" })).ToBeVisibleAsync();
        await AssertFitsAsync();
        await ScreenshotAsync("phone-run");
        await Page.GotoAsync("/hosts/new");
        await Expect(Page.GetByRole(AriaRole.Textbox, new() { Name = "Expected spec (YAML)" })).ToBeVisibleAsync();
        await AssertFitsAsync();
        await ScreenshotAsync("phone-host-form");
        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Page.GotoAsync("/");
        await Expect(Tile("node-8")).ToBeVisibleAsync();
        Assert.Equal("rgb(15, 17, 21)", await Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await ScreenshotAsync("phone-dashboard-dark");
        AssertNoConsoleProblems();
    }

    [Fact]
    public async Task Keyboard_alone_reaches_Start_Vetting()
    {
        await Server.App.CreateHostAsync(Server.Client, name: "node-k", mac: "52:54:00:00:00:09");
        await Page.GotoAsync("/");
        await Expect(Tile("node-k")).ToBeVisibleAsync();
        var start = Tile("node-k").GetByRole(AriaRole.Button, new() { Name = "Start Vetting" });
        for (var i = 0; i < 40 && !await start.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
            await Page.Keyboard.PressAsync("Tab");
        await Expect(start).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await ExpectStateAsync(Tile("node-k"), "WaitingWoL");
        AssertNoConsoleProblems();
    }

    private async Task AssertFitsAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the 375 px screen");
    }
}
