using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vetting.Protocol;

namespace Vetting.Agent.Transport;

/// <summary>HTTP client of the agent API, with the run's bearer token on every call.</summary>
public sealed class HttpAgentTransport : IAgentTransport
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    // Artifacts can be hundreds of MB over a slow management LAN.
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(15);

    private readonly HttpClient _http;
    private readonly string _runPath;

    /// <param name="http">Its <see cref="HttpClient.Timeout"/> should be infinite: every call sets its own.</param>
    public HttpAgentTransport(HttpClient http, Uri orchestrator, long runId, string token)
    {
        _http = http;
        _http.BaseAddress = orchestrator;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _runPath = string.Create(CultureInfo.InvariantCulture, $"api/v1/runs/{runId}/");
    }

    public async Task<HelloResponse> HelloAsync(HelloRequest hello, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "hello", Json(hello, ProtocolJsonContext.Default.HelloRequest), CallTimeout, cancellationToken);
        return await ReadAsync(response, ProtocolJsonContext.Default.HelloResponse, cancellationToken);
    }

    public async Task<Instruction?> NextAsync(int waitSeconds, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"next?waitSeconds={waitSeconds}");
        using var response = await SendAsync(HttpMethod.Get, path, null, TimeSpan.FromSeconds(waitSeconds) + CallTimeout, cancellationToken);
        return response.StatusCode == HttpStatusCode.NoContent
            ? null
            : await ReadAsync(response, ProtocolJsonContext.Default.Instruction, cancellationToken);
    }

    public async Task HeartbeatAsync(HeartbeatRequest heartbeat, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Post, "heartbeat", Json(heartbeat, ProtocolJsonContext.Default.HeartbeatRequest), CallTimeout, cancellationToken);
    }

    public async Task LogAsync(string text, CancellationToken cancellationToken)
    {
        using var content = new StringContent(text, Encoding.UTF8, "text/plain");
        using var _ = await SendAsync(HttpMethod.Post, "log", content, CallTimeout, cancellationToken);
    }

    public async Task PutArtifactAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var _ = await SendAsync(HttpMethod.Put, "artifacts/" + Uri.EscapeDataString(name), body, UploadTimeout, cancellationToken);
    }

    public async Task PostResultAsync(string instructionId, StageResult result, CancellationToken cancellationToken)
    {
        var path = "instructions/" + Uri.EscapeDataString(instructionId) + "/result";
        using var _ = await SendAsync(HttpMethod.Post, path, Json(result, ProtocolJsonContext.Default.StageResult), CallTimeout, cancellationToken);
    }

    // A byte array body carries Content-Length; the contract's limits (413) are checked against it.
    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, _runPath + path) { Content = content };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
        }
        catch (HttpRequestException e)
        {
            throw new AgentTransportException($"{method} {path}: {e.Message}", null, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AgentTransportException($"{method} {path}: no answer within {timeout.TotalSeconds:0} s", null, e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var detail = await ReadDetailAsync(response, cancellationToken);
            var message = $"{method} {path}: {(int)response.StatusCode} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}";
            throw response.StatusCode == HttpStatusCode.Gone
                ? new RunEndedException(message)
                : new AgentTransportException(message, (int)response.StatusCode);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken)
                   ?? throw new AgentTransportException($"the server answered {(int)response.StatusCode} with an empty body", (int)response.StatusCode);
        }
        catch (JsonException e)
        {
            // A garbled body is treated like a 5xx: a proxy in between may be having a bad moment.
            throw new AgentTransportException($"the server's answer is not valid JSON: {e.Message}", 502, e);
        }
        catch (HttpRequestException e)
        {
            throw new AgentTransportException($"reading the server's answer failed: {e.Message}", null, e);
        }
    }

    // problem+json bodies carry a human "detail"; anything else is shown verbatim, shortened.
    private static async Task<string?> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                {
                    return detail.GetString();
                }
            }
            catch (JsonException)
            {
            }

            return text.Length > 200 ? text[..200] : text;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
