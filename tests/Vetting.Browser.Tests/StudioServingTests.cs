using System.Net;

namespace Vetting.Browser.Tests;

/// <summary>How the server hands out Elsa Studio at /studio/ (plain HTTP; no browser needed).</summary>
public sealed class StudioServingTests : IAsyncLifetime
{
    private LiveServer _server = null!;

    public ValueTask InitializeAsync()
    {
        _server = LiveServer.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [InlineData("/studio/")]
    [InlineData("/studio/definitions/vetting")]
    [InlineData("/studio/instances")]
    [InlineData("/studio/instances/abc123")]
    [InlineData("/studio/workflows/definitions/vetting/edit")]
    public async Task Studio_routes_get_our_host_page_never_cached(string path)
    {
        using var response = await _server.Client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains("<base href=\"/studio/\">", html, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.webassembly.js", html, StringComparison.Ordinal);
        // Our page, not the package's sample (stale tag names, fonts from the internet).
        Assert.DoesNotContain("fonts.googleapis.com", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Studio_without_the_slash_redirects_to_it()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.BaseAddress };
        using var response = await client.GetAsync("/studio", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/studio/", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Fingerprinted_framework_files_are_immutable_and_sent_as_brotli()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot", "studio", "_framework");
        var wasm = Directory.GetFiles(folder, "Elsa.Studio.Core.*.wasm").Select(Path.GetFileName).First();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/studio/_framework/{wasm}");
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");

        using var response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new FileInfo(Path.Combine(folder, wasm! + ".br")).Length, bytes.Length);
    }

    [Fact]
    public async Task An_encoding_the_browser_refuses_with_q_0_is_not_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/blazor.webassembly.js");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br;q=0, gzip");

        using var response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task Names_without_a_fingerprint_are_revalidated_and_missing_files_are_404()
    {
        using var loader = await _server.Client.GetAsync("/studio/_framework/blazor.webassembly.js", TestContext.Current.CancellationToken);
        using var missing = await _server.Client.GetAsync("/studio/_framework/nothing.wasm", TestContext.Current.CancellationToken);
        using var escape = await _server.Client.GetAsync("/studio/..%2F..%2Fappsettings.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, loader.StatusCode);
        Assert.Equal("no-cache", loader.Headers.CacheControl?.ToString());
        Assert.NotNull(loader.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }

    [Fact]
    public void The_shipped_Studio_is_the_pinned_release_without_source_maps()
    {
        var studio = Path.Combine(AppContext.BaseDirectory, "wwwroot", "studio");
        Assert.True(File.Exists(Path.Combine(studio, "index.html")), "the web build did not copy Studio; run npm ci in web/");
        Assert.Empty(Directory.EnumerateFiles(studio, "*.map*", SearchOption.AllDirectories));
        using var lockFile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(DashboardTest.RepoRoot(), "web", "package-lock.json")));
        var pinned = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/@elsa-workflows/elsa-studio-wasm");
        Assert.Equal("3.8.2", pinned.GetProperty("version").GetString());
        Assert.StartsWith("sha512-", pinned.GetProperty("integrity").GetString(), StringComparison.Ordinal);
    }
}
