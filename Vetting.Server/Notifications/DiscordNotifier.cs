using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Vetting.Activities.Ports;
using Vetting.Server.Configuration;

namespace Vetting.Server.Notifications;

/// <summary>Posts an embed to a Discord channel webhook; one JSON POST, so a plain HttpClient rather than a Discord SDK.</summary>
public sealed class DiscordNotifier(string name, NotifierOptions options, IHttpClientFactory http, TimeProvider clock, ILogger<DiscordNotifier> logger)
    : RemoteNotifier(name, options, clock, logger)
{
    // Only there to keep TimeSpan arithmetic in range; anything past Timeout is refused anyway.
    private const double MaxRetryAfterSeconds = 86_400;

    private readonly Uri _webhook = new(options.Settings["webhook_url"]);

    protected override async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var client = http.CreateClient(NotifierHttp.ClientName);
        var body = JsonSerializer.SerializeToUtf8Bytes(DiscordMessage.For(notification, Clock.GetUtcNow()), DiscordMessage.Json);

        var wait = await PostAsync(client, body, cancellationToken);
        if (wait is null)
        {
            return;
        }

        // Discord's rate limits are per webhook and short; one retry after the advertised wait rides out a burst
        // of runs ending together. A wait past our own deadline would only end in a timeout, so say why instead.
        if (wait >= Timeout)
        {
            throw new HttpRequestException($"rate limited by Discord for {wait.Value.TotalSeconds:0.#} s", null, HttpStatusCode.TooManyRequests);
        }

        await Task.Delay(wait.Value, Clock, cancellationToken);
        if (await PostAsync(client, body, cancellationToken) is not null)
        {
            throw new HttpRequestException("still rate limited by Discord after one retry", null, HttpStatusCode.TooManyRequests);
        }
    }

    /// <summary>Null once delivered; the wait Discord asks for when rate limited; throws on any other failure.</summary>
    private async Task<TimeSpan?> PostAsync(HttpClient client, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(_webhook, content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return RetryAfter(response);
        }

        await NotifierHttp.EnsureDeliveredAsync(response, cancellationToken);
        return null;
    }

    /// <summary>
    /// Discord sends Retry-After in seconds, sometimes with a fraction ("0.42"), which the typed header parser rejects,
    /// so the raw value is read too. Absent or unreadable: a second, Discord's usual bucket reset.
    /// </summary>
    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } typed)
        {
            var wait = typed.Delta ?? (typed.Date is { } date ? date - Clock.GetUtcNow() : TimeSpan.FromSeconds(1));
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxRetryAfterSeconds))
            : TimeSpan.FromSeconds(1);
    }
}
