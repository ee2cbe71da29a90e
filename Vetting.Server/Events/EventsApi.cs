using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Vetting.Server.Events;

public static class EventsApi
{
    /// <summary>Maps <c>GET /api/v1/events</c>, the Server-Sent Events stream of <c>run</c> and <c>host</c> changes.</summary>
    public static RouteHandlerBuilder MapEvents(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1/events", StreamAsync)
            .WithTags("Events")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task StreamAsync(
        HttpContext context, EventHub hub, IOptions<EventHubOptions> options, IHostApplicationLifetime lifetime, TimeProvider time)
    {
        using var subscription = hub.Subscribe(ReadLastEventId(context.Request));
        // Shutdown waits for open requests; a stream that ignored ApplicationStopping would hold it up.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold events back
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await response.StartAsync(ended.Token);
            await PumpAsync(response.BodyWriter, subscription, options.Value.HeartbeatInterval, time, ended.Token);
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing left to tell anyone.
        }
    }

    private static async Task PumpAsync(
        PipeWriter body, EventSubscription subscription, TimeSpan heartbeat, TimeProvider time, CancellationToken cancellationToken)
    {
        foreach (var replayed in subscription.Replay)
            body.Write(replayed.Frame.Span);
        if ((await body.FlushAsync(cancellationToken)).IsCompleted)
            return;

        var live = subscription.Live;
        var readable = live.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            bool open;
            try
            {
                open = await readable.WaitAsync(heartbeat, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // The same wait stays pending; only the idle period is over.
                body.Write(SseFrame.Ping.Span);
                if ((await body.FlushAsync(cancellationToken)).IsCompleted)
                    return;
                continue;
            }

            // Completed: the hub dropped this subscriber for falling behind. Ending the response makes the
            // browser reconnect with Last-Event-ID and catch up from the backlog.
            if (!open)
                return;
            while (live.TryRead(out var serverEvent))
                body.Write(serverEvent.Frame.Span);
            if ((await body.FlushAsync(cancellationToken)).IsCompleted)
                return;
            readable = live.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    private static long? ReadLastEventId(HttpRequest request)
    {
        // The header wins: EventSource sets it on automatic reconnects, the query serves a first connect after a page load.
        var raw = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrWhiteSpace(raw))
            raw = request.Query["lastEventId"].ToString();
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        // An id this server cannot have issued still means the client holds state of unknown age; MaxValue is
        // beyond any issued id, so the hub answers with a reset.
        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : long.MaxValue;
    }
}
