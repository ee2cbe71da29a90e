using System.Net.Http.Headers;
using System.Text;
using Vetting.Activities.Ports;
using Vetting.Server.Configuration;

namespace Vetting.Server.Notifications;

/// <summary>Publishes to an ntfy topic: the message is the body, title, tags, priority and click-through travel as ntfy headers.</summary>
public sealed class NtfyNotifier(string name, NotifierOptions options, IHttpClientFactory http, TimeProvider clock, ILogger<NtfyNotifier> logger)
    : RemoteNotifier(name, options, clock, logger)
{
    private readonly Uri _topic = new(options.Settings["url"]);
    private readonly string? _token = options.Settings.GetValueOrDefault("token");

    protected override async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _topic)
        {
            Content = new StringContent(notification.Message, Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Title", HeaderText(notification.Title));
        request.Headers.Add("Tags", Tag(notification.Event));
        request.Headers.Add("Priority", IsBadNews(notification.Event) ? "high" : "default");
        if (notification.Link is { } link)
        {
            request.Headers.Add("Click", link);
        }

        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        using var response = await http.CreateClient(NotifierHttp.ClientName).SendAsync(request, cancellationToken);
        await NotifierHttp.EnsureDeliveredAsync(response, cancellationToken);
    }

    /// <summary>ntfy turns these tag names into the emoji shown in front of the title.</summary>
    public static string Tag(string @event) => @event switch
    {
        NotificationEvents.Passed => "white_check_mark",
        NotificationEvents.Failed => "x",
        NotificationEvents.Held => "warning",
        NotificationEvents.Cancelled => "no_entry",
        _ => "grey_question",
    };

    // Someone has to act on a failure or a held node; a pass or a cancel can wait in the notification shade.
    private static bool IsBadNews(string @event) => @event is NotificationEvents.Failed or NotificationEvents.Held;

    /// <summary>
    /// HTTP headers are ASCII, and HttpClient refuses anything else. Host names and failure text need not be, so
    /// non-ASCII titles go as an RFC 2047 encoded word, which ntfy decodes. Line breaks would end the header early.
    /// </summary>
    internal static string HeaderText(string text)
    {
        var oneLine = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return Ascii.IsValid(oneLine) && !oneLine.Any(char.IsControl)
            ? oneLine
            : $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(oneLine))}?=";
    }
}
