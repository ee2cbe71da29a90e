using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vetting.Server.Tests.Notifications;

internal sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// Stands in for ntfy or Discord: a real Kestrel on 127.0.0.1 and an ephemeral port that records every request and
/// answers with <see cref="Respond"/>, which gets the request's 1-based number so a test can script a sequence.
/// </summary>
internal sealed class CaptureServer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private readonly Channel<CapturedRequest> _arrivals = Channel.CreateUnbounded<CapturedRequest>();
    private int _count;

    private CaptureServer(WebApplication app)
    {
        _app = app;
        _app.Run(HandleAsync);
    }

    /// <summary>Stamps <see cref="CapturedRequest.At"/>; set it to the notifier's fake clock to see how long it waited.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public Func<HttpContext, int, Task> Respond { get; set; } = (context, _) =>
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    };

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<CapturedRequest> Requests => [.. _requests];

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public static async Task<CaptureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var server = new CaptureServer(builder.Build());
        await server._app.StartAsync(TestContext.Current.CancellationToken);
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>The next request to arrive (in order), or a test failure after a bounded wait.</summary>
    public async Task<CapturedRequest> NextAsync() =>
        await _arrivals.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

    /// <summary>A responder that never answers, until the client gives up or the server stops.</summary>
    public Func<HttpContext, int, Task> Hang => async (context, _) =>
    {
        var stopping = _app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    };

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new CapturedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body, Clock.GetUtcNow());
        _requests.Enqueue(request);
        await _arrivals.Writer.WriteAsync(request);
        await Respond(context, Interlocked.Increment(ref _count));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
