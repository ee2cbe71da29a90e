using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vetting.Browser.Tests;

/// <summary>
/// Base of every browser test: a fresh server and browser context, console errors and warnings collected (a test
/// fails on any it did not expect), and screenshots saved under TestResults/screenshots (git-ignored).
/// </summary>
public abstract class DashboardTest(BrowserFixture browser) : IAsyncLifetime
{
    static DashboardTest()
    {
        // Generous: conditions are awaited, never slept on, so a busy machine only makes a test slower.
        SetDefaultExpectTimeout(30_000);
    }

    private IBrowserContext? _context;

    internal LiveServer Server { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>Console errors and warnings, and uncaught page errors.</summary>
    protected List<string> ConsoleProblems { get; } = [];

    /// <summary>Problems a test expects (e.g. refused connections while the server is down): matched by substring.</summary>
    protected List<string> ExpectedProblems { get; } = [];

    protected virtual ViewportSize Viewport => new() { Width = 1280, Height = 900 };

    public async ValueTask InitializeAsync()
    {
        var chromium = browser.Require();
        Server = LiveServer.Start();
        _context = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Viewport, BaseURL = Server.BaseAddress.ToString() });
        _context.SetDefaultTimeout(30_000);
        Page = await _context.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                lock (ConsoleProblems) ConsoleProblems.Add($"{message.Type}: {message.Text}");
        };
        Page.PageError += (_, error) =>
        {
            lock (ConsoleProblems) ConsoleProblems.Add($"pageerror: {error}");
        };
    }

    protected static ILocator Tile(IPage page, string host) => page.Locator($"[data-testid=host-tile][data-host='{host}']");

    protected ILocator Tile(string host) => Tile(Page, host);

    protected static Task ExpectStateAsync(ILocator tile, string state) =>
        Expect(tile.Locator(".badge[data-state]").First).ToHaveAttributeAsync("data-state", state);

    protected async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(RepoRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    protected void AssertNoConsoleProblems()
    {
        List<string> unexpected;
        lock (ConsoleProblems)
            unexpected = [.. ConsoleProblems.Where(p => !ExpectedProblems.Any(e => p.Contains(e, StringComparison.OrdinalIgnoreCase)))];
        Assert.True(unexpected.Count == 0, "console problems:\n" + string.Join("\n", unexpected));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vetting.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
            await _context.DisposeAsync();
        if (Server is not null)
            await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
