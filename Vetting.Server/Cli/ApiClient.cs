using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vetting.Server.Cli;

/// <summary>The operator API as the CLI uses it: JSON in and out, problems turned into messages that name the field.</summary>
public sealed class ApiClient(Uri server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };

    public Uri Server => server;

    public async Task<JsonNode?> GetJsonAsync(string path, CancellationToken cancellationToken) =>
        JsonNode.Parse(await GetTextAsync(path, cancellationToken));

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<byte[]> GetBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>POST/PUT/DELETE with an optional JSON body; the answer's JSON (null for 204).</summary>
    public async Task<JsonNode?> SendJsonAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>The SSE stream of <c>/api/v1/events</c>: (event, data) pairs until the server closes it.</summary>
    /// <param name="connected">Called once the stream is open, so a caller can read the current state without missing a change.</param>
    public async IAsyncEnumerable<(string Event, string Data)> EventsAsync(Func<Task> connected,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        await connected();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    yield return (name, data.ToString());
                }

                (name, _) = (null, data.Clear());
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line[5..].TrimStart());
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await _http.SendAsync(request, completion, cancellationToken);
            }
        }
        catch (HttpRequestException e)
        {
            throw new CliException(CliExit.Unreachable,
                $"no Vetting server answered at {server} ({e.Message}); start it (systemctl start vetting) or name it with --server URL");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new CliException(CliExit.Refused, Describe(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
        }
    }

    /// <summary>A problem+json answer as lines: the detail, then each field's messages (spec errors carry their line).</summary>
    private static string Describe(HttpStatusCode status, string body)
    {
        var text = new StringBuilder($"{(int)status} {status}");
        try
        {
            if (JsonNode.Parse(body) is JsonObject problem)
            {
                if (problem["detail"]?.GetValue<string>() is { Length: > 0 } detail)
                {
                    text.Append(": ").Append(detail);
                }

                if (problem["errors"] is JsonObject errors)
                {
                    foreach (var (field, messages) in errors)
                    {
                        foreach (var message in messages?.AsArray() ?? [])
                        {
                            text.Append('\n').Append("  ").Append(field).Append(": ").Append(message?.GetValue<string>());
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            text.Append(": ").Append(body.Length > 200 ? body[..200] + "…" : body);
        }

        return text.ToString();
    }
}
