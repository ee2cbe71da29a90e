using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Vetting.Browser.Tests.BrowserFixture))]

// One test at a time: each starts its own server, and one Chromium on a 2-core machine is enough load.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Vetting.Browser.Tests;

/// <summary>
/// One Chromium for the whole run: Debian's /usr/bin/chromium, never a downloaded one. Without it the tests skip,
/// except in CI (CI=true), where a missing browser is a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string? MissingReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            MissingReason = $"{ChromiumPath} is not installed (apt-get install -y chromium); browser tests need Debian's Chromium";
            return;
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Skips the calling test when Chromium is missing outside CI; fails it in CI.</summary>
    public IBrowser Require()
    {
        if (Browser is not null)
            return Browser;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"CI=true but {MissingReason}");
        Assert.Skip(MissingReason!);
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
