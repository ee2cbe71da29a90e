using System.Globalization;
using System.Net.Mail;
using Vetting.Activities.Ports;
using Vetting.Activities.Yaml;

namespace Vetting.Server.Configuration;

/// <summary>
/// A setting of a notifier entry. <see cref="Read"/> returns the value as it goes into
/// <see cref="NotifierOptions.Settings"/> (lists joined with commas, bools as true/false), or null.
/// </summary>
internal sealed record NotifierSetting(string Name, bool Required, Func<ConfigValue, string?> Read);

/// <summary>The keys each kind of notifier takes; entries are checked against this so a typo cannot silently mute alerts.</summary>
internal static class NotifierSchema
{
    public const string TypeKey = "type";

    // An empty list would keep the notifier configured but silent; removing the entry says that honestly.
    private static readonly NotifierSetting Events = new("events", false, value => value.List(EventProblem) switch
    {
        null => null,
        [] => value.Reject($"list at least one event ({ConfigValue.Choices(NotificationEvents.All)}), or remove the notifier"),
        var events => string.Join(',', events),
    });

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<NotifierSetting>> Types = new Dictionary<string, IReadOnlyList<NotifierSetting>>
    {
        ["ntfy"] =
        [
            new("url", true, TopicUrl),
            new("token", false, value => value.Text()),
            Events,
        ],
        ["discord"] =
        [
            new("webhook_url", true, value => value.HttpUrl()),
            Events,
        ],
        ["smtp"] =
        [
            new("host", true, value => value.Text()),
            new("port", false, value => value.Int(1, 65535)?.ToString(CultureInfo.InvariantCulture)),
            new("username", false, value => value.Text()),
            new("password", false, value => value.Text()),
            new("starttls", false, value => value.Bool() is { } on ? (on ? "true" : "false") : null),
            new("from", true, value => value.Checked(AddressProblem)),
            new("to", true, Recipients),
            Events,
        ],
    };

    /// <summary>ntfy publishes to a topic named by the URL's path, so a bare server URL would post nowhere.</summary>
    private static string? TopicUrl(ConfigValue value)
    {
        var url = value.HttpUrl();
        return url is not null && new Uri(url).AbsolutePath.Trim('/').Length == 0
            ? value.Reject($"{StrictYaml.Quote(url)} has no topic; use the topic URL (e.g. https://ntfy.sh/my-vetting)")
            : url;
    }

    /// <summary>One address or a list of them.</summary>
    private static string? Recipients(ConfigValue value) => value.IsList
        ? value.List(AddressProblem) is { } list ? string.Join(',', list) : null
        : value.Checked(AddressProblem);

    private static string? AddressProblem(string text) =>
        MailAddress.TryCreate(text, out _) ? null : $"{StrictYaml.Quote(text)} is not an email address";

    private static string? EventProblem(string text) =>
        NotificationEvents.All.Contains(text, StringComparer.Ordinal)
            ? null
            : $"{StrictYaml.Quote(text)} is not an event ({ConfigValue.Choices(NotificationEvents.All)})";
}
