using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Configuration;
using Vetting.Server.Security;

namespace Vetting.Server.Tests.Security;

/// <summary>
/// The orchestrator behind a TLS-terminating reverse proxy on the same machine (docs/operations.md): the browser's
/// scheme and host arrive as X-Forwarded-* from the proxies listed in server.trusted_proxies, and only from there.
/// </summary>
public sealed class ReverseProxyTests
{
    private static Task<TestApp> StartAsync(string[]? allowedHosts = null, IPAddress? peer = null, string[]? trustedProxies = null) =>
        TestApp.StartAsync(
            b => b.Services.Configure<ServerOptions>(o =>
            {
                o.AllowedHosts = [.. allowedHosts ?? []];
                // As docs/operations.md sets it up: the proxy on this machine, the public name it serves.
                o.TrustedProxies = [.. trustedProxies ?? ["127.0.0.1", "::1"]];
                o.PublicUrl = "https://vetting.example.com";
            }),
            app =>
            {
                // Stands in for a client elsewhere on the LAN; the test itself always connects from loopback.
                if (peer is not null)
                    app.Use((context, next) => { context.Connection.RemoteIpAddress = peer; return next(context); });
                app.UseVettingSecurity();
                app.MapGet("/api/v1/hosts", () => TypedResults.Ok());
                app.MapPost("/api/v1/hosts", () => TypedResults.Created());
            });

    private static async Task<HttpStatusCode> PostAsync(TestApp app, string host, string? origin, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hosts")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = host;
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_write_from_the_https_page_of_a_local_proxy_is_accepted()
    {
        await using var app = await StartAsync();

        Assert.Equal(HttpStatusCode.Created,
            await PostAsync(app, "vetting.example.com", "https://vetting.example.com", ("X-Forwarded-Proto", "https")));
    }

    [Fact]
    public async Task Without_the_forwarded_scheme_the_https_origin_does_not_match()
    {
        await using var app = await StartAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(app, "vetting.example.com", "https://vetting.example.com"));
    }

    [Fact]
    public async Task Forwarded_headers_from_a_peer_that_is_not_loopback_are_ignored()
    {
        await using var app = await StartAsync(peer: IPAddress.Parse("10.77.0.50"));

        Assert.Equal(HttpStatusCode.Forbidden,
            await PostAsync(app, "vetting.example.com", "https://vetting.example.com", ("X-Forwarded-Proto", "https")));
    }

    [Fact]
    public async Task Another_site_stays_refused_behind_the_proxy()
    {
        await using var app = await StartAsync();

        Assert.Equal(HttpStatusCode.Forbidden,
            await PostAsync(app, "vetting.example.com", "https://evil.example", ("X-Forwarded-Proto", "https")));
    }

    [Theory]
    [InlineData("vetting.example.com", HttpStatusCode.Created)]
    [InlineData("rebound.evil.example", HttpStatusCode.BadRequest)]
    public async Task The_allowlist_judges_the_host_the_browser_used(string forwardedHost, HttpStatusCode expected)
    {
        await using var app = await StartAsync(["vetting.example.com"]);

        Assert.Equal(expected, await PostAsync(app, "127.0.0.1:8080", $"https://{forwardedHost}",
            ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", forwardedHost)));
    }

    [Fact]
    public async Task Without_trusted_proxies_a_loopback_client_cannot_pick_the_host_the_allowlist_judges()
    {
        await using var app = await StartAsync(["vetting.lan"], trustedProxies: []);

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(app, "rebound.evil.example", "http://rebound.evil.example",
            ("X-Forwarded-Host", "vetting.lan")));
    }

    [Fact]
    public async Task Without_trusted_proxies_the_forwarded_scheme_is_ignored_too()
    {
        await using var app = await StartAsync(trustedProxies: []);

        Assert.Equal(HttpStatusCode.Forbidden,
            await PostAsync(app, "vetting.example.com", "https://vetting.example.com", ("X-Forwarded-Proto", "https")));
    }

    [Fact]
    public async Task A_listed_proxy_network_is_trusted()
    {
        await using var app = await StartAsync(trustedProxies: ["127.0.0.0/8", "::1/128"]);

        Assert.Equal(HttpStatusCode.Created,
            await PostAsync(app, "vetting.example.com", "https://vetting.example.com", ("X-Forwarded-Proto", "https")));
    }
}
