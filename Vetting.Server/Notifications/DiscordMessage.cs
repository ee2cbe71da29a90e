using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vetting.Activities.Ports;

namespace Vetting.Server.Notifications;

/// <summary>
/// The webhook body Discord executes (https://discord.com/developers/docs/resources/webhook#execute-webhook).
/// Discord rejects a whole message with 400 when any field is over its limit, so every text is cut to fit here.
/// </summary>
internal sealed record DiscordMessage(string? Content, IReadOnlyList<DiscordEmbed> Embeds, DiscordAllowedMentions AllowedMentions)
{
    public const int ContentLimit = 2000;
    public const int DescriptionLimit = 4096;

    // Discord also caps an embed at 6000 characters in total; "Run N" + 4096 + two short fields stays under it.
    private const int FieldValueLimit = 256;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The title goes in <c>content</c> because that is what push notifications and the channel list show; the embed
    /// carries the details and links to the run page.
    /// </summary>
    public static DiscordMessage For(Notification notification, DateTimeOffset now) => new(
        TextLimit.Truncate(notification.Title, ContentLimit),
        [
            new DiscordEmbed(
                string.Create(CultureInfo.InvariantCulture, $"Run {notification.RunId}"),
                TextLimit.Truncate(notification.Message, DescriptionLimit),
                notification.Link,
                Colour(notification.Event),
                now,
                [
                    new DiscordField("Host", TextLimit.Truncate(notification.HostName, FieldValueLimit), Inline: true),
                    new DiscordField("Result", notification.Event, Inline: true),
                ]),
        ],
        // Failure text quotes tool output and host names; none of it may ping @everyone.
        new DiscordAllowedMentions([]));

    public static int Colour(string @event) => @event switch
    {
        NotificationEvents.Passed => 0x2ECC71,
        NotificationEvents.Failed => 0xE74C3C,
        NotificationEvents.Held => 0xE67E22,
        _ => 0x95A5A6,
    };
}

internal sealed record DiscordEmbed(
    string Title, string Description, string? Url, int Color, DateTimeOffset Timestamp, IReadOnlyList<DiscordField> Fields);

internal sealed record DiscordField(string Name, string Value, bool Inline);

internal sealed record DiscordAllowedMentions(IReadOnlyList<string> Parse);
