using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vetting.Browser.Tests;

/// <summary>The live stream dropping and coming back: a banner while offline, and no stale tile afterwards.</summary>
public sealed class LiveStreamTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task The_offline_banner_shows_while_the_server_is_down_and_the_page_catches_up_when_it_returns()
    {
        // While the server is down the browser logs its refused reconnects; those are expected here.
        ExpectedProblems.AddRange(["ERR_CONNECTION_REFUSED", "ERR_EMPTY_RESPONSE", "ERR_CONNECTION_RESET", "ERR_INCOMPLETE_CHUNKED_ENCODING", "EventSource"]);
        await Server.App.CreateHostAsync(Server.Client, name: "node-1", mac: "52:54:00:00:00:01");
        await Page.GotoAsync("/");
        await Expect(Tile("node-1")).ToBeVisibleAsync();
        var banner = Page.GetByTestId("offline-banner");
        await Expect(banner).ToHaveCountAsync(0);

        await Server.StopAsync();
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("Reconnecting automatically");
        await ScreenshotAsync("dashboard-offline");

        Server.StartAgain();
        // A change made while this page was disconnected: the reconnect's reset makes the page refetch it.
        var hostId = await Server.App.CreateHostAsync(Server.Client, name: "node-2", mac: "52:54:00:00:00:02");
        await Expect(banner).ToHaveCountAsync(0);
        await Expect(Tile("node-2")).ToBeVisibleAsync();

        // And the stream is live again: a run started through the API shows up without a reload.
        using var started = await Server.Client.PostAsync($"/api/v1/hosts/{hostId}/runs", Json("{\"profile\":\"quick\"}"));
        started.EnsureSuccessStatusCode();
        await ExpectStateAsync(Tile("node-2"), "WaitingWoL");
        AssertNoConsoleProblems();
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
