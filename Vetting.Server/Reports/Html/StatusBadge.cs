namespace Vetting.Server.Reports.Html;

/// <summary>
/// Maps a status word to one of a fixed set of CSS classes. The word itself comes from data, so it is
/// shown as escaped text and never used as a class name. Words are lower-case by contract.
/// </summary>
internal static class StatusBadge
{
    public static Markup For(string? status)
    {
        var html = new HtmlBuilder();
        html.Append($"<span class=\"badge {new Markup(Tone(status))}\">{status}</span>");
        return new Markup(html.ToString());
    }

    public static string Tone(string? status) => status switch
    {
        "passed" => "good",
        "failed" or "error" or "fail" => "bad",
        "timedout" or "warn" => "warn",
        "running" => "busy",
        _ => "neutral",
    };
}
