namespace Vetting.Server.Reports.Html;

internal sealed record Column(string Header, bool Numeric = false);

/// <summary>A plain table of text cells; a null cell is shown as "unknown".</summary>
internal static class DataTable
{
    public static void Write(HtmlBuilder html, IReadOnlyList<Column> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        html.Append($"<div class=\"scroll\"><table class=\"stack\">\n<thead><tr>");
        foreach (var column in columns)
        {
            html.Append($"<th{Align(column)}>{column.Header}</th>");
        }

        html.Append($"</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append($"<tr>");
            for (var i = 0; i < columns.Count; i++)
            {
                html.Append($"<td{Align(columns[i])} data-label=\"{columns[i].Header}\">{row[i]}</td>");
            }

            html.Append($"</tr>\n");
        }

        html.Append($"</tbody>\n</table></div>\n");
    }

    private static Markup Align(Column column) => column.Numeric ? new Markup(" class=\"num\"") : Markup.Empty;
}
