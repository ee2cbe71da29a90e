using System.Net.Http.Headers;

namespace Vetting.Server.Tests.Events;

/// <summary>One message of a text/event-stream: an event (id/event/data) or a comment block.</summary>
internal sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment);

/// <summary>A minimal EventSource: opens the stream and parses it message by message.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        Response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response { get; }

    public static async Task<SseStream> OpenAsync(HttpClient client, string? lastEventId = null, string path = "/api/v1/events")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        return new SseStream(response, new StreamReader(body));
    }

    /// <summary>The next message, or null when the server ended the stream.</summary>
    public async Task<SseMessage?> ReadAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ReadTimeout);
        string? id = null, name = null, data = null, comment = null;
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if ((id ?? name ?? data ?? comment) is not null)
                    return new SseMessage(id, name, data, comment);
                continue;
            }
            if (line.StartsWith(':'))
            {
                comment = line[1..].TrimStart();
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                // More than one data line would be joined by a client; the contract promises exactly one.
                case "data": data = data is null ? value : throw new InvalidOperationException("Event has more than one data line."); break;
            }
        }
        return null;
    }

    /// <summary>The next event, skipping heartbeat comments.</summary>
    public async Task<SseMessage> ReadEventAsync()
    {
        while (await ReadAsync() is { } message)
        {
            if (message.Comment is null)
                return message;
        }
        throw new InvalidOperationException("The stream ended before the next event.");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        Response.Dispose();
        return ValueTask.CompletedTask;
    }
}
