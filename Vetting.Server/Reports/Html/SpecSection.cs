using Vetting.Activities.Specs;

namespace Vetting.Server.Reports.Html;

/// <summary>
/// The comparison with the expected spec. An empty diff list only means "matches" when there was both a
/// spec and an inventory to compare; otherwise the page says what was missing instead of a false all-clear.
/// </summary>
internal static class SpecSection
{
    public static void Write(HtmlBuilder html, RunReport report)
    {
        html.Append($"<section id=\"spec\">\n<h2>Expected spec</h2>\n");
        if (report.SpecDiffs.Count > 0)
        {
            WriteDiffs(html, report.SpecDiffs);
        }
        else if (report.ExpectedSpec is null)
        {
            html.Append($"<p class=\"note\">No expected spec was registered for this host, so nothing was compared.</p>\n");
        }
        else if (report.Inventory is null)
        {
            html.Append($"<p class=\"note\">No inventory was collected, so the expected spec was not compared.</p>\n");
        }
        else
        {
            html.Append($"<p><span class=\"badge good\">match</span> The inventory matches the expected spec.</p>\n");
        }

        if (report.ExpectedSpec is { } yaml)
        {
            html.Append($"<h3>Spec as registered</h3>\n<pre>{yaml.TrimEnd()}</pre>\n");
        }

        html.Append($"</section>\n");
    }

    private static void WriteDiffs(HtmlBuilder html, List<ReportSpecDiff> diffs)
    {
        var failing = diffs.Count(d => d.Severity == SpecSeverity.Fail);
        html.Append($"""
            <p>{ReportFormat.Count(diffs.Count, "difference", "differences")}, {failing} failing.</p>
            <div class="scroll"><table class="stack">
            <thead><tr><th>Field</th><th>Expected</th><th>Actual</th><th>Severity</th></tr></thead>
            <tbody>

            """);
        // Failing differences first: they are why the inventory stage failed.
        foreach (var diff in diffs.OrderBy(d => d.Severity == SpecSeverity.Fail ? 0 : 1))
        {
            html.Append($"""
                <tr class="{new Markup(RowTone(diff.Severity))}"><td class="mono wide">{diff.Path}</td><td data-label="Expected">{diff.Expected}</td><td data-label="Actual">{diff.Actual}</td><td>{StatusBadge.For(diff.Severity)}</td></tr>

                """);
        }

        html.Append($"</tbody>\n</table></div>\n");
    }

    private static string RowTone(string severity) => severity switch
    {
        SpecSeverity.Fail => "fail",
        SpecSeverity.Warn => "warn",
        _ => "other",
    };
}
