using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Configuration;
using Vetting.Server.Security;

namespace Vetting.Server.Tests.Security;

public sealed class HostAllowlistTests
{
    private static Task<TestApp> StartAsync(string[] allowedHosts, string publicUrl = "http://10.77.0.1:8080", IPAddress? peer = null) =>
        TestApp.StartAsync(
            b => b.Services.Configure<ServerOptions>(o =>
            {
                o.AllowedHosts = [.. allowedHosts];
                o.PublicUrl = publicUrl;
            }),
            app =>
            {
                // Stands in for a client elsewhere on the LAN; the test itself always connects from loopback.
                if (peer is not null)
                    app.Use((context, next) => { context.Connection.RemoteIpAddress = peer; return next(context); });
                app.UseVettingSecurity();
                app.MapGet("/healthz", () => TypedResults.Ok());
                app.MapGet("/api/v1/hosts", () => TypedResults.Ok());
            });

    [Theory]
    [InlineData("rebound.evil.example", HttpStatusCode.BadRequest)]
    [InlineData("rebound.evil.example:8080", HttpStatusCode.BadRequest)]
    [InlineData("10.77.0.1:8080", HttpStatusCode.OK)]
    [InlineData("192.0.2.7", HttpStatusCode.OK)]
    [InlineData("[fd77::1]:8080", HttpStatusCode.OK)]
    [InlineData("localhost:8080", HttpStatusCode.OK)]
    [InlineData("vetting.public.example", HttpStatusCode.OK)]
    public async Task Without_entries_only_names_of_this_server_and_ip_literals_are_accepted(string host, HttpStatusCode expected)
    {
        // DNS rebinding: a page on rebound.evil.example re-points its name here and sends that name as Host.
        await using var app = await StartAsync([], publicUrl: "http://vetting.public.example:8080");

        Assert.Equal(expected, await GetAsync(app, "/api/v1/hosts", host));
    }

    [Fact]
    public async Task Without_entries_the_machine_name_is_accepted()
    {
        await using var app = await StartAsync([]);

        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, "/api/v1/hosts", Dns.GetHostName()));
    }

    [Fact]
    public void The_default_names_are_the_bind_host_the_public_url_host_the_machine_names_and_localhost()
    {
        var allowlist = new HostAllowlist([], "http://vetting.lan:8080", "orchestrator.internal:8080", ["node7", "node7.example.net"]);

        Assert.False(allowlist.Configured);
        Assert.All(["vetting.lan", "orchestrator.internal:8080", "node7", "NODE7.example.net:443", "localhost"],
            host => Assert.True(allowlist.Allows(new HostString(host), "http"), host));
        Assert.False(allowlist.Allows(new HostString("evil.example"), "http"));
    }

    [Theory]
    [InlineData("vetting.lan")]
    [InlineData("vetting.lan:8080")]
    [InlineData("VETTING.LAN:9090")]
    [InlineData("[fd77::1]:8080")]
    public async Task A_listed_name_without_port_accepts_any_port(string host)
    {
        await using var app = await StartAsync(["vetting.lan", "[FD77::1]"]);

        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, "/api/v1/hosts", host));
    }

    [Theory]
    [InlineData("vetting.lan:8080", HttpStatusCode.OK)]
    [InlineData("vetting.lan:9090", HttpStatusCode.BadRequest)]
    [InlineData("vetting.lan", HttpStatusCode.BadRequest)]
    [InlineData("other.lan:8080", HttpStatusCode.BadRequest)]
    public async Task A_listed_name_with_port_accepts_only_that_port(string host, HttpStatusCode expected)
    {
        await using var app = await StartAsync(["vetting.lan:8080"]);

        Assert.Equal(expected, await GetAsync(app, "/api/v1/hosts", host));
    }

    [Fact]
    public async Task An_unlisted_host_gets_a_400_problem_naming_it()
    {
        await using var app = await StartAsync(["vetting.lan"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/hosts");
        request.Headers.Host = "rebound.evil.example";

        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Host 'rebound.evil.example' is not allowed; add it to server.allowed_hosts.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_public_url_that_agents_and_ipxe_use_is_always_accepted()
    {
        await using var app = await StartAsync(["vetting.lan"], publicUrl: "http://10.77.0.5");

        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, "/api/v1/hosts", "10.77.0.5"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, "/api/v1/hosts", "10.77.0.5:80"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(app, "/api/v1/hosts", "10.77.0.5:8080"));
    }

    [Theory]
    [InlineData("/healthz", "127.0.0.1:{port}", HttpStatusCode.OK)]
    [InlineData("/healthz", "localhost:{port}", HttpStatusCode.OK)]
    [InlineData("/healthz", "rebound.evil.example", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/hosts", "127.0.0.1:{port}", HttpStatusCode.BadRequest)]
    public async Task Local_health_checks_pass_the_allowlist_and_nothing_else_does(string path, string host, HttpStatusCode expected)
    {
        await using var app = await StartAsync(["vetting.lan"]);

        Assert.Equal(expected, await GetAsync(app, path, host.Replace("{port}", app.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Health_checks_from_other_machines_follow_the_allowlist()
    {
        await using var app = await StartAsync(["vetting.lan"], peer: IPAddress.Parse("192.0.2.10"));

        Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(app, "/healthz", "127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, "/healthz", "vetting.lan"));
    }

    private static async Task<HttpStatusCode> GetAsync(TestApp app, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
