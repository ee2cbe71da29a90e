// Over 250 lines on purpose: the sweep generates its bad requests from /openapi/v1.json, and the generator, the
// checks after each request and the data snapshot it compares against belong together.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Security;

/// <summary>
/// Bad input for every operation <c>/openapi/v1.json</c> lists, against the real server: wrong types, missing and
/// extra fields, huge and control-character strings, unreadable JSON, wrong content types, bad tokens and path
/// values. Nothing may answer 5xx, every 4xx is problem+json, and refused requests leave the stored data as it was.
/// Bounded by a fixed list of variants per operation (how long it takes is printed, never asserted: a busy machine
/// is slower, not wrong).
/// </summary>
public sealed class BadInputSweepTests : IDisposable
{
    private readonly VettingApp _app = new();

    public BadInputSweepTests()
    {
        // A real Kestrel port, so the server's own HTTP parsing and limits are part of what is swept.
        _app.UseKestrel(0);
        _app.StartServer();
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Every_operation_refuses_bad_input_with_a_problem_and_changes_nothing()
    {
        var client = _app.CreateClient();
        // A host with a run whose agent holds a token: the agent operations have something real to refuse.
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var baseline = await SnapshotAsync(client);
        var accepted = new List<string>();
        var clock = Stopwatch.StartNew();
        var tried = 0;
        var failures = new List<string>();

        foreach (var (template, method, operation) in Operations(document))
        {
            foreach (var (label, request) in Variants(template, method, operation, runId, agent.Token))
            {
                using (request)
                using (var response = await client.SendAsync(request, TestContext.Current.CancellationToken))
                {
                    tried++;
                    var status = (int)response.StatusCode;
                    var type = response.Content.Headers.ContentType?.MediaType;
                    if (status >= 500)
                    {
                        failures.Add($"{method} {template} [{label}]: {status} {await Excerpt(response)}");
                    }
                    else if (status >= 400 && type != "application/problem+json")
                    {
                        failures.Add($"{method} {template} [{label}]: {status} with {type ?? "no content type"}, not problem+json");
                    }

                    if (status < 400)
                    {
                        // Accepted (cancel ignores its body, say): what it changed is the new baseline, once it settles.
                        baseline = await SettledSnapshotAsync(client);
                        accepted.Add($"{method} {template} [{label}]: {status}");
                    }
                    else if (await SnapshotAsync(client) is var now && now != baseline)
                    {
                        failures.Add($"{method} {template} [{label}]: refused with {status} but the stored data changed");
                        baseline = now;
                    }
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage($"bad-input sweep: {tried} requests over {Operations(document).Count()} operations in {clock.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"bad-input sweep: {tried} requests over {Operations(document).Count()} operations in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(tried > 300, $"only {tried} requests were generated");
        Console.WriteLine($"accepted: {accepted.Count}: {string.Join("; ", accepted.Take(40))}");
        Assert.True(failures.Count == 0, $"{failures.Count} bad inputs were not refused cleanly:\n{string.Join("\n", failures)}");
    }

    /// <summary>Every (path, method) in the document, with its operation object.</summary>
    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "get" or "post" or "put" or "delete" or "patch")
                {
                    yield return (path.Name, operation.Name.ToUpperInvariant(), operation.Value);
                }
            }
        }
    }

    private static readonly string[] BadSegments =
    [
        // %00 is left out: Kestrel refuses it in the request line, before the application (docs/security.md).
        "abc", "-1", "0", "99999999999999999999", "2147483648", "..%2F..%2Fetc%2Fpasswd", "%0d%0aX-Injected:%201",
        "%24(id)", new string('9', 3000), "%E2%80%AE", "1.5",
    ];

    private static readonly JsonNode?[] BadValues =
    [
        null, true, 12345, -1, 1e308, "", " ", new string('x', 200_000), "line\r\nforged: yes\u001b[2J\u0000", "$(id);`id`",
        "../../etc/passwd", "\u202Eevil", new JsonArray(1, 2), new JsonObject { ["a"] = new JsonObject { ["b"] = 1 } },
    ];

    private static IEnumerable<(string Label, HttpRequestMessage Request)> Variants(string template, string method, JsonElement operation, int runId, string token)
    {
        var parameters = System.Text.RegularExpressions.Regex.Matches(template, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToList();
        var isAgent = IsAgent(template);
        string Path(string? badName = null, string? badValue = null) =>
            System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}]+)\}", m =>
                m.Groups[1].Value == badName ? badValue! : m.Groups[1].Value switch
                {
                    "id" => runId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "name" => "sweep.txt",
                    "definitionId" => "vetting",
                    _ => "x",
                });

        HttpRequestMessage New(string path, HttpContent? content = null, string? bearer = null)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
            if (isAgent)
            {
                request.Headers.Authorization = bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer);
            }

            return request;
        }

        // Path values.
        foreach (var name in parameters)
        {
            foreach (var bad in BadSegments)
            {
                yield return ($"path {name}={bad[..Math.Min(bad.Length, 20)]}", New(Path(name, bad), Body("{}"), token + "-not-it"));
            }
        }

        // Query values from the document.
        if (operation.TryGetProperty("parameters", out var declared))
        {
            foreach (var parameter in declared.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
            {
                var name = parameter.GetProperty("name").GetString()!;
                foreach (var bad in new[] { "abc", "-5", "1e99", "%01", new string('7', 500), "%0d%0a" })
                {
                    yield return ($"query {name}={bad[..Math.Min(bad.Length, 12)]}", New($"{Path()}?{name}={bad}", bearer: "bad-token"));
                }
            }
        }

        if (isAgent)
        {
            // Tokens: none, malformed, another's, and a scheme that is not Bearer.
            yield return ("no token", New(Path(), Body("{}")));
            yield return ("malformed token", New(Path(), Body("{}"), "not a token at all \u0001"));
            yield return ("wrong token", New(Path(), Body("{}"), new string('a', 64)));
            var basic = New(Path(), Body("{}"));
            basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
            yield return ("basic auth", basic);
        }

        if (method is "GET" or "DELETE")
        {
            yield break;
        }

        // Bodies: the agent ones with the run's real token, so they get past authentication to the validation.
        var bearerToken = isAgent ? token : null;
        foreach (var (label, text, type) in new (string, string, string)[]
                 {
                     ("invalid json", "{\"name\": ", "application/json"),
                     ("json array", "[1,2,3]", "application/json"),
                     ("json string", "\"x\"", "application/json"),
                     ("deep json", new string('[', 5000) + new string(']', 5000), "application/json"),
                     ("form body", "name=x&mac=y", "application/x-www-form-urlencoded"),
                     ("empty body", "", "application/json"),
                 })
        {
            yield return (label, New(Path(), new StringContent(text, Encoding.UTF8, type.Contains('/', StringComparison.Ordinal) ? type : "application/json"), bearerToken));
        }

        foreach (var field in FieldsOf(operation, template))
        {
            foreach (var value in BadValues)
            {
                var body = new JsonObject { [field] = value?.DeepClone(), ["unexpectedExtra"] = "x" };
                yield return ($"{field}={Describe(value)}", New(Path(), Body(body.ToJsonString()), bearerToken));
            }
        }
    }

    /// <summary>Body fields: from the request schema when the document has one, else those the contracts name.</summary>
    private static IEnumerable<string> FieldsOf(JsonElement operation, string template)
    {
        var named = template switch
        {
            _ when template.EndsWith("/hello", StringComparison.Ordinal) => new[] { "agentVersion", "bootId", "hostname", "ip", "macs", "kernel" },
            _ when template.EndsWith("/heartbeat", StringComparison.Ordinal) => ["instructionId", "percent", "message"],
            _ when template.EndsWith("/result", StringComparison.Ordinal) => ["status", "summary", "measurements", "inventory", "failure", "artifacts"],
            _ when template.StartsWith("/api/v1/hosts", StringComparison.Ordinal) && !template.EndsWith("/runs", StringComparison.Ordinal) =>
                ["name", "mac", "wolBroadcast", "expectedSpec"],
            _ when template.EndsWith("/runs", StringComparison.Ordinal) => ["profile", "workflow"],
            _ when template.StartsWith("/api/v1/workflow-definitions", StringComparison.Ordinal) => ["definitionId", "name", "root", "variables"],
            _ => [],
        };
        var fromSchema = operation.TryGetProperty("requestBody", out var body)
                         && body.TryGetProperty("content", out var content)
                         && content.TryGetProperty("application/json", out var json)
                         && json.TryGetProperty("schema", out var schema)
                         && schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => p.Name)
            : [];
        return named.Concat(fromSchema).Distinct();
    }

    private static bool IsAgent(string template) =>
        System.Text.RegularExpressions.Regex.IsMatch(template, @"^/api/v1/runs/\{[^}]+\}/(hello|heartbeat|log|next|artifacts/\{[^}]+\}|instructions/\{[^}]+\}/result)$");

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Describe(JsonNode? value) => value is null ? "null" : value.ToJsonString() is { Length: > 16 } text ? text[..16] + "…" : value.ToJsonString();

    private static async Task<string> Excerpt(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 300 ? text[..300] : text;
    }

    /// <summary>A snapshot that no longer moves: background work an accepted request started has finished (bounded).</summary>
    private static async Task<string> SettledSnapshotAsync(HttpClient client)
    {
        var last = await SnapshotAsync(client);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(50);
            var next = await SnapshotAsync(client);
            if (next == last)
            {
                return next;
            }

            last = next;
        }

        return last;
    }

    /// <summary>Everything an operator can read back: hosts, runs with their stages and measurements, definitions.</summary>
    private static async Task<string> SnapshotAsync(HttpClient client)
    {
        var parts = new List<string>();
        foreach (var path in new[] { "/api/v1/hosts", "/api/v1/runs", "/api/v1/workflow-definitions" })
        {
            parts.Add(await client.GetStringAsync(path));
        }

        foreach (var run in (await client.GetFromJsonAsync<JsonElement>("/api/v1/runs")).EnumerateArray())
        {
            var detail = await client.GetFromJsonAsync<JsonObject>($"/api/v1/runs/{run.GetProperty("id").GetInt32()}");
            // The agent's last-seen time moves with every authenticated call; it is bookkeeping, not data. So is a
            // notification's delivery (status, attempts, times), which the sender moves on its own schedule: which
            // notifications exist is kept.
            detail!.Remove("agent");
            if (detail["notifications"] is JsonArray notifications)
            {
                detail["notifications"] = new JsonArray([.. notifications.Select(n => (JsonNode)$"{n?["event"]} to {n?["notifier"]}")]);
            }
            parts.Add(detail.ToJsonString());
        }

        return string.Join("\n", parts);
    }
}
