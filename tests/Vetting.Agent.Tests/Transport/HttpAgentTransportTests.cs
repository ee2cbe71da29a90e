using System.Net;
using System.Net.Sockets;
using System.Text;
using Vetting.Agent.Transport;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Transport;

/// <summary>The HTTP client against a real listener on 127.0.0.1 that answers with canned responses.</summary>
public sealed class HttpAgentTransportTests : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly List<(string Method, string Path, string? Authorization, string? ContentType, string Body)> _requests = [];
    private readonly Uri _baseUri;
    private Task? _serving;

    public HttpAgentTransportTests()
    {
        var port = FreePort();
        _baseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(_baseUri.ToString());
        _listener.Start();
    }

    [Fact]
    public async Task Hello_posts_json_with_the_bearer_token_and_reads_the_answer()
    {
        Serve(200, """{"runId":42,"heartbeatSeconds":15,"serverTime":"2026-11-24T10:00:00Z"}""");

        var answer = await Transport().HelloAsync(new HelloRequest { AgentVersion = "0.1.0", BootId = "b", Hostname = "h", Kernel = "k", Macs = ["52:54:00:12:34:56"] }, CancellationToken.None);

        Assert.Equal((42L, 15), (answer.RunId, answer.HeartbeatSeconds));
        var request = Assert.Single(_requests);
        Assert.Equal(("POST", "/api/v1/runs/42/hello", "Bearer s3cret", "application/json"), (request.Method, request.Path, request.Authorization, request.ContentType));
        Assert.Contains("\"macs\":[\"52:54:00:12:34:56\"]", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_maps_204_to_no_instruction_and_200_to_one()
    {
        Serve(204, "");
        Assert.Null(await Transport().NextAsync(1, CancellationToken.None));

        Serve(200, """{"instructionId":"i1","kind":"stage","stage":"cpu","parameters":{"durationSeconds":60},"deadline":"2026-11-24T10:15:00Z"}""");
        var instruction = await Transport().NextAsync(1, CancellationToken.None);

        Assert.Equal(("i1", "cpu", 60), (instruction!.InstructionId, instruction.Stage, (int)instruction.Parameters["durationSeconds"]!));
        Assert.Equal("/api/v1/runs/42/next?waitSeconds=1", _requests[^1].Path);
    }

    [Fact]
    public async Task Gone_becomes_run_ended_and_other_statuses_say_whether_to_retry()
    {
        Serve(410, """{"title":"Gone","detail":"run 42 has ended (Passed)"}""", "application/problem+json");
        var ended = await Assert.ThrowsAsync<RunEndedException>(() => Transport().NextAsync(1, CancellationToken.None));
        Assert.Contains("run 42 has ended (Passed)", ended.Message, StringComparison.Ordinal);

        Serve(503, "");
        Assert.True((await Assert.ThrowsAsync<AgentTransportException>(() => Transport().LogAsync("x", CancellationToken.None))).IsTransient);

        Serve(409, """{"detail":"a different result for instruction 'i1' was already accepted"}""", "application/problem+json");
        var conflict = await Assert.ThrowsAsync<AgentTransportException>(() =>
            Transport().PostResultAsync("i1", new StageResult { Status = "passed", Summary = "ok" }, CancellationToken.None));
        Assert.False(conflict.IsTransient);
    }

    [Fact]
    public async Task Nobody_listening_is_a_transient_network_error()
    {
        var closed = new HttpAgentTransport(_http, new Uri($"http://127.0.0.1:{FreePort()}/"), 42, "s3cret");

        var error = await Assert.ThrowsAsync<AgentTransportException>(() => closed.HeartbeatAsync(new HeartbeatRequest(), CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Artifacts_are_put_as_raw_bytes_with_a_length()
    {
        Serve(201, "{}");

        await Transport().PutArtifactAsync("fio-nvme0n1.log", Encoding.UTF8.GetBytes("{\"jobs\":[]}"), CancellationToken.None);

        var request = Assert.Single(_requests);
        Assert.Equal(("PUT", "/api/v1/runs/42/artifacts/fio-nvme0n1.log", "{\"jobs\":[]}"), (request.Method, request.Path, request.Body));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        if (_serving is not null)
        {
            await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _http.Dispose();
    }

    private HttpAgentTransport Transport() => new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, _baseUri, 42, "s3cret");

    /// <summary>Answers the next request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    private void Serve(int status, string body, string contentType = "application/json")
    {
        _serving = Task.Run(async () =>
        {
            var context = await _listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var received = await reader.ReadToEndAsync();
            lock (_requests)
            {
                _requests.Add((context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"], context.Request.ContentType, received));
            }

            context.Response.StatusCode = status;
            if (body.Length > 0)
            {
                context.Response.ContentType = contentType;
                var bytes = Encoding.UTF8.GetBytes(body);
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        });
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
