namespace Vetting.Server.Reports.Html;

/// <summary>A card of term/value pairs; a null value is shown as "unknown".</summary>
internal static class FactList
{
    public static void Write(HtmlBuilder html, string title, IEnumerable<(string Term, string? Value)> facts)
    {
        html.Append($"<div class=\"card\">\n<h3>{title}</h3>\n<dl class=\"facts\">\n");
        foreach (var (term, value) in facts)
        {
            html.Append($"<dt>{term}</dt><dd>{value}</dd>\n");
        }

        html.Append($"</dl>\n</div>\n");
    }
}
