using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vetting.Server.Security;

namespace Vetting.Server.Tests.Security;

public sealed class SameOriginTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(_ => { }, app =>
    {
        app.UseVettingSecurity();
        // Handlers never read the body: whatever reaches them was let through by the middleware.
        app.MapGet("/api/v1/hosts", () => TypedResults.Ok());
        app.MapPost("/api/v1/hosts", () => TypedResults.Created());
        app.MapDelete("/api/v1/hosts/{id}", () => TypedResults.NoContent());
        app.MapPost("/api/v1/runs/{id}/cancel", () => TypedResults.Accepted((string?)null));
        app.MapPost("/api/v1/runs/{id}/{action}", () => TypedResults.NoContent());
        // The agent API as the server maps it: its endpoints carry the agent marker (AgentAccess.RequireAgentToken).
        var agent = app.MapGroup("/api/v1/runs/{id}").WithMetadata(AgentEndpoint.Marker);
        agent.MapPost("/hello", () => TypedResults.Ok());
        agent.MapPost("/heartbeat", () => TypedResults.NoContent());
        agent.MapPost("/log", () => TypedResults.NoContent());
        agent.MapPut("/artifacts/{name}", () => TypedResults.Created());
        agent.MapPost("/instructions/{instructionId}/result", () => TypedResults.Ok());
    });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("https://127.0.0.1:{port}")]
    [InlineData("null")]
    public async Task Writes_from_another_origin_are_refused(string origin)
    {
        using var request = Json(HttpMethod.Post, "/api/v1/hosts");
        request.Headers.Add("Origin", origin.Replace("{port}", _app.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var (status, detail) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Origin", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/api/v1/hosts")]
    [InlineData("DELETE", "/api/v1/hosts/3")]
    [InlineData("POST", "/api/v1/runs/3/cancel")]
    public async Task Writes_marked_cross_site_by_the_browser_are_refused(string method, string path)
    {
        using var request = Json(new HttpMethod(method), path);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var (status, detail) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("cross-site", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_origin_writes_from_the_dashboard_are_allowed()
    {
        using var request = Json(HttpMethod.Post, "/api/v1/hosts");
        request.Headers.Add("Origin", _app.BaseAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task Origins_compare_without_case_and_with_default_ports()
    {
        using var request = Json(HttpMethod.Post, "/api/v1/hosts");
        request.Headers.Host = "localhost";
        request.Headers.Add("Origin", "http://LOCALHOST:80");

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task Writes_without_origin_from_curl_or_the_cli_are_allowed()
    {
        using var response = await _app.Client.PostAsJsonAsync("/api/v1/hosts", new { name = "n1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Operator_bodies_must_be_json(string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hosts") { Content = new ByteArrayContent("{}"u8.ToArray()) };
        if (contentType is not null)
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var (status, detail) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("application/json", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_bodies_count_as_bodies()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hosts") { Content = new StringContent("name=n1", Encoding.UTF8, "text/plain") };
        request.Headers.TransferEncodingChunked = true;

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task Json_with_a_charset_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hosts") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        Assert.Equal("utf-8", request.Content.Headers.ContentType?.CharSet);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task Writes_without_a_body_need_no_content_type()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs/3/cancel");

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task Reads_are_never_blocked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/hosts");
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(request)).Status);
    }

    [Theory]
    [InlineData("POST", "/api/v1/runs/3/hello", "text/plain")]
    [InlineData("POST", "/api/v1/runs/3/heartbeat", "text/plain")]
    [InlineData("POST", "/api/v1/runs/3/log", "text/plain")]
    [InlineData("PUT", "/api/v1/runs/3/artifacts/fio-nvme0n1.log", "application/octet-stream")]
    [InlineData("PUT", "/api/v1/runs/3/artifacts/inventory.json", null)]
    [InlineData("POST", "/api/v1/runs/3/instructions/9f1c/result", "text/plain")]
    public async Task Agent_endpoints_take_any_body_without_origin(string method, string path, string? contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent("cpu ok\n"u8.ToArray()) };
        if (contentType is not null)
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Authorization = new("Bearer", "run-token");

        var (status, _) = await SendAsync(request);

        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent, $"{method} {path} got {status}");
    }

    [Theory]
    [InlineData("/api/v1/runs/3/release")]
    [InlineData("/api/v1/runs/3/log/extra")]
    [InlineData("/api/v1/runs/3/instructions/9f1c/result/again")]
    public async Task Paths_that_only_resemble_agent_endpoints_stay_protected(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("x", Encoding.UTF8, "text/plain") };

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await SendAsync(request)).Status);
    }

    private static HttpRequestMessage Json(HttpMethod method, string path) =>
        new(method, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

    private async Task<(HttpStatusCode Status, string Detail)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.IsSuccessStatusCode)
            return (response.StatusCode, "");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return (response.StatusCode, problem.GetProperty("detail").GetString()!);
    }
}
