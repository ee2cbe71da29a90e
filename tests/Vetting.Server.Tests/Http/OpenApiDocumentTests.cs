using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Http;

/// <summary>
/// <c>/openapi/v1.json</c> is what the dashboard's TypeScript types and outside tools are generated from, so it must
/// describe every body and status of the operator and agent APIs.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<JsonElement> DocumentAsync() =>
        await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> ApiOperations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "post" or "put" or "delete")
                .Select(o => (p.Name, o.Name, o.Value)));

    [Fact]
    public async Task Every_2xx_json_response_of_the_api_has_a_schema()
    {
        var document = await DocumentAsync();
        var missing = new List<string>();
        var checkedCount = 0;
        foreach (var (path, method, operation) in ApiOperations(document))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
            {
                if (!response.Value.TryGetProperty("content", out var content))
                {
                    continue;
                }

                foreach (var media in content.EnumerateObject().Where(m => m.Name.Contains("json", StringComparison.Ordinal)))
                {
                    checkedCount++;
                    if (!media.Value.TryGetProperty("schema", out var schema) || !schema.EnumerateObject().Any())
                    {
                        missing.Add($"{method} {path} {response.Name} {media.Name}");
                    }
                }
            }
        }

        Assert.True(checkedCount >= 20, $"only {checkedCount} JSON responses are documented");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_operation_documents_its_path_parameters_and_a_success_status()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var (path, method, operation) in ApiOperations(document))
        {
            var declared = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()).ToHashSet()
                : [];
            foreach (Match match in Regex.Matches(path, @"\{([^}]+)\}"))
            {
                if (!declared.Contains(match.Groups[1].Value))
                {
                    problems.Add($"{method} {path}: no path parameter {match.Groups[1].Value}");
                }
            }

            if (!operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('2')))
            {
                problems.Add($"{method} {path}: no 2xx response");
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("/api/v1/runs/{id}/hello", "post", "HelloRequest", "200", "HelloResponse")]
    [InlineData("/api/v1/runs/{id}/instructions/{instructionId}/result", "post", "StageResult", "200", "ResultAcceptedDto")]
    [InlineData("/api/v1/runs/{id}/heartbeat", "post", "HeartbeatRequest", "204", null)]
    [InlineData("/api/v1/runs/{id}/instructions/{instructionId}/result", "post", "StageResult", "413", null)]
    [InlineData("/api/v1/hosts", "post", "HostRequest", "201", "HostDto")]
    public async Task Agent_and_operator_bodies_are_described(string path, string method, string request, string status, string? response)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        // A named component, or (for the bodies the agent handlers read themselves) the same schema written in place.
        Assert.True(body.TryGetProperty("$ref", out var reference)
            ? reference.GetString()!.EndsWith("/" + request, StringComparison.Ordinal)
            : body.GetProperty("properties").EnumerateObject().Any(), body.ToString());
        var answer = operation.GetProperty("responses").GetProperty(status);
        if (response is not null)
        {
            Assert.EndsWith("/" + response, answer.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        }

        Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _) || path.StartsWith("/api/v1/hosts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_run_fields_are_optional()
    {
        var schema = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("StartRunRequest");

        Assert.False(schema.TryGetProperty("required", out var required) && required.GetArrayLength() > 0, schema.ToString());
    }
}
