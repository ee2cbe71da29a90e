using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vetting.Server.Http;

namespace Vetting.Server.Tests.Http;

public sealed class ProblemDetailsTests
{
    private static Task<TestApp> StartAsync(string environment = "Production") => TestApp.StartAsync(
        b => b.Services.AddVettingProblemDetails(),
        app =>
        {
            app.UseVettingProblemDetails();
            app.MapPost("/hosts", (NewHost host) => TypedResults.Created($"/hosts/{host.Name}", host));
            app.MapGet("/hosts", (int limit) => TypedResults.Ok(limit));
            app.MapGet("/invalid", () => Problems.Validation(new Dictionary<string, string[]>
            {
                ["name"] = ["Use 1 to 63 of [A-Za-z0-9._-]."],
                ["mac"] = ["Not a MAC address.", "Already registered."],
            }));
            app.MapGet("/conflict", () => Problems.Conflict("Host 'n1' has an active run."));
            app.MapGet("/boom", string () => throw new InvalidOperationException("connection string secret=hunter2"));
        },
        environment);

    [Fact]
    public async Task Validation_problems_carry_per_field_errors_and_a_summary()
    {
        await using var app = await StartAsync();

        var (status, problem) = await SendAsync(app, HttpMethod.Get, "/invalid");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        Assert.Equal("One or more validation errors occurred.", problem.GetProperty("title").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("Invalid name, mac.", problem.GetProperty("detail").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal(["Use 1 to 63 of [A-Za-z0-9._-]."], errors.GetProperty("name").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, errors.GetProperty("mac").GetArrayLength());
    }

    [Fact]
    public async Task Other_problems_have_the_status_defaults_and_the_given_detail()
    {
        await using var app = await StartAsync();

        var (status, problem) = await SendAsync(app, HttpMethod.Get, "/conflict");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.10", problem.GetProperty("type").GetString());
        Assert.Equal("Conflict", problem.GetProperty("title").GetString());
        Assert.Equal("Host 'n1' has an active run.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"name\": \"n1\",,}", "LineNumber: 0")]
    [InlineData("{\"name\": \"n1\", \"cores\": \"four\"}", "$.cores")]
    [InlineData("{\"cores\": 4}", "name")]
    public async Task Unreadable_json_bodies_are_400_problems_saying_what_is_wrong(string body, string named)
    {
        await using var app = await StartAsync();

        var (status, problem) = await SendAsync(app, HttpMethod.Post, "/hosts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = problem.GetProperty("detail").GetString();
        Assert.StartsWith("Invalid JSON body: ", detail, StringComparison.Ordinal);
        Assert.Contains(named, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unbindable_query_values_are_400_problems()
    {
        await using var app = await StartAsync();

        var (status, problem) = await SendAsync(app, HttpMethod.Get, "/hosts?limit=ten");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("limit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Unhandled_exceptions_are_500_problems_without_internals(string environment)
    {
        await using var app = await StartAsync(environment);

        using var response = await app.Client.GetAsync(new Uri("/boom", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ProblemDetailsTests), body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE", "/hosts", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/nowhere", HttpStatusCode.NotFound)]
    public async Task Framework_errors_without_a_body_become_problems(string method, string path, HttpStatusCode expected)
    {
        await using var app = await StartAsync();

        var (status, problem) = await SendAsync(app, new HttpMethod(method), path);

        Assert.Equal(expected, status);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Problem)> SendAsync(
        TestApp app, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (response.StatusCode, problem);
    }

    private sealed class NewHost
    {
        public required string Name { get; init; }

        public int Cores { get; init; }
    }
}
