using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Configuration;
using Vetting.Server.Events;
using Vetting.Server.Http;
using Vetting.Server.Security;
using Vetting.Server.Tests.Events;

namespace Vetting.Server.Tests;

/// <summary>The three pieces wired together in the order Program.cs is meant to use.</summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(
        b =>
        {
            b.Services.Configure<ServerOptions>(o => o.AllowedHosts = ["127.0.0.1"]);
            b.Services.AddVettingProblemDetails();
            b.Services.AddEventHub();
        },
        app =>
        {
            app.UseVettingProblemDetails();
            app.UseVettingSecurity();
            app.MapEvents();
        });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Events_stream_through_the_whole_pipeline()
    {
        await using var stream = await SseStream.OpenAsync(_app.Client);

        var id = _app.Service<EventHub>().Publish("host", new { id = 1, name = "n1" });

        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), (await stream.ReadEventAsync()).Id);
    }

    [Theory]
    [InlineData("GET", "/api/v1/events", "rebound.evil.example", null, HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/hosts", null, "cross-site", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/v1/hosts", null, null, HttpStatusCode.NotFound)]
    public async Task Refusals_come_before_routing_and_are_all_problems(
        string method, string path, string? host, string? fetchSite, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (host is not null)
            request.Headers.Host = host;
        if (fetchSite is not null)
            request.Headers.Add("Sec-Fetch-Site", fetchSite);

        using var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }
}
