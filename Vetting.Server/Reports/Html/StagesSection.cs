namespace Vetting.Server.Reports.Html;

internal static class StagesSection
{
    public static void Write(HtmlBuilder html, RunReport report)
    {
        html.Append($"<section id=\"stages\">\n<h2>Stages</h2>\n");
        if (report.Stages.Count == 0)
        {
            html.Append($"<p class=\"note\">No stage was started.</p>\n</section>\n");
            return;
        }

        html.Append($"""
            <div class="scroll"><table class="stack">
            <thead><tr><th>Stage</th><th>Status</th><th class="num">Attempt</th><th class="num">Duration</th><th>Result</th></tr></thead>
            <tbody>

            """);
        foreach (var stage in report.Stages)
        {
            html.Append($"""
                <tr><td class="nowrap"><b>{stage.Name}</b></td><td>{StatusBadge.For(stage.Status)}</td><td class="num" data-label="Attempt">{stage.Attempt}</td><td class="num" data-label="Duration">{Duration(stage)}</td>
                <td class="wide">{stage.Summary ?? ""}{Failure(stage.Failure)}</td></tr>

                """);
        }

        html.Append($"</tbody>\n</table></div>\n</section>\n");
    }

    // A stage that never ran has no duration rather than an unknown one.
    private static string? Duration(ReportStage stage) =>
        stage.Status is "pending" or "skipped" && stage.DurationSeconds is null ? "—" : ReportFormat.Duration(stage.DurationSeconds);

    private static Markup Failure(ReportFailure? failure)
    {
        if (failure is null)
        {
            return Markup.Empty;
        }

        var html = new HtmlBuilder();
        html.Append($"<div class=\"failure\"><code>{failure.Reason}</code>: {failure.Message}</div>");
        return new Markup(html.ToString());
    }
}
