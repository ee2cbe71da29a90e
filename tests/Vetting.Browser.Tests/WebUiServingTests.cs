using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;

namespace Vetting.Browser.Tests;

/// <summary>How the server hands out the dashboard (plain HTTP; no browser needed).</summary>
public sealed partial class WebUiServingTests : IAsyncLifetime
{
    private LiveServer _server = null!;

    public ValueTask InitializeAsync()
    {
        _server = LiveServer.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/hosts/12")]
    [InlineData("/runs/7")]
    public async Task Client_routes_get_index_html_never_cached(string path)
    {
        using var response = await _server.Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/pxe/nothing-here")]
    [InlineData("/elsa/api/nothing-here")]
    [InlineData("/studio/nothing-here.js")]
    [InlineData("/openapi/nothing.json")]
    [InlineData("/assets/missing-abc123.js")]
    public async Task Reserved_prefixes_and_missing_files_are_404_not_the_app(string path)
    {
        using var response = await _server.Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Fingerprinted_assets_are_immutable_and_sent_precompressed()
    {
        var html = await _server.Client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var script = ScriptPath().Match(html).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, script);
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        using var response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((true, TimeSpan.FromDays(365)), (response.Headers.CacheControl!.Public, response.Headers.CacheControl.MaxAge));
        Assert.Contains("immutable", response.Headers.CacheControl.ToString(), StringComparison.Ordinal);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_API_still_answers_beside_the_app()
    {
        using var response = await _server.Client.GetAsync("/api/v1/hosts", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_the_built_UI_the_server_still_answers_with_a_page_saying_how_to_build_it()
    {
        var empty = Directory.CreateTempSubdirectory("vetting-noui-");
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        Vetting.Server.Web.WebUi.MapWebUi(app, empty.FullName);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await client.GetAsync("/hosts/3", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("npm ci &amp;&amp; npm run build", body, StringComparison.Ordinal);
        Assert.Contains("Node.js 20", body, StringComparison.Ordinal);
        empty.Delete();
    }

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"(/assets/[^\"]+\\.js)\"")]
    private static partial Regex ScriptPath();
}
