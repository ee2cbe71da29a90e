namespace Vetting.Server.Reports.Html;

/// <summary>
/// The whole report.html, ordered by what an operator needs first: the verdict, what to do about a
/// failure, then the evidence. It loads nothing from anywhere: the policy forbids scripts and remote
/// content, so a forwarded copy cannot phone home or run anything even if escaping were ever wrong.
/// </summary>
internal static class ReportPage
{
    public static string Render(RunReport report)
    {
        var html = new HtmlBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>{report.Verdict.ToUpperInvariant()}: {report.Host.Name}, run #{report.Run.Id}</title>
            <style>
            {new Markup(ReportStyles.Css)}
            </style>
            </head>
            <body>
            <main>

            """);

        VerdictBanner.Write(html, report);
        FailureSection.Write(html, report);
        StagesSection.Write(html, report);
        SpecSection.Write(html, report);
        MeasurementsSection.Write(html, report);
        InventorySection.Write(html, report);
        ArtifactsSection.Write(html, report);
        RunDetailsSection.Write(html, report);
        WriteFooter(html, report);

        html.Append($"</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteFooter(HtmlBuilder html, RunReport report)
    {
        html.Append($"<footer>\n<p>Generated {ReportFormat.Timestamp(report.GeneratedAt)} by Vetting (report schema {report.SchemaVersion}). Machine-readable: <a href=\"{ReportWriter.JsonFileName}\">{ReportWriter.JsonFileName}</a>.");
        if (IsWebUrl(report.RunUrl))
        {
            html.Append($" Live run page: <a href=\"{report.RunUrl}\">{report.RunUrl}</a>.");
        }

        html.Append($"</p>\n</footer>\n");
    }

    // The URL comes from configuration, but a javascript: or data: URL must still never become a link.
    private static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
