namespace Vetting.Server.Reports.Html;

/// <summary>The first thing on the page: the verdict in one word, then which node and which run.</summary>
internal static class VerdictBanner
{
    public static void Write(HtmlBuilder html, RunReport report)
    {
        var run = report.Run;
        html.Append($"""
            <header class="banner {new Markup(Tone(report.Verdict))}">
            <div class="verdict">{report.Verdict.ToUpperInvariant()}</div>
            <div class="host">{report.Host.Name}</div>
            <div class="facts">
            <span>Run <b>#{run.Id}</b></span>
            <span>Profile <b>{run.Profile}</b></span>
            <span>Duration <b>{ReportFormat.Duration(run.DurationSeconds)}</b></span>
            <span>{new Markup(When(run))}</span>
            </div>
            </header>

            """);
    }

    private static string Tone(string verdict) => verdict switch
    {
        ReportVerdicts.Passed => "passed",
        ReportVerdicts.Failed => "failed",
        ReportVerdicts.Inconclusive => "inconclusive",
        _ => "other",
    };

    // "When" is the end of the run; a run that never ended (cancelled in the queue) falls back to its start, then its creation.
    private static string When(ReportRun run)
    {
        var html = new HtmlBuilder();
        if (run.EndedAt is { } ended)
        {
            html.Append($"Ended <b>{ReportFormat.Timestamp(ended)}</b>");
        }
        else if (run.StartedAt is { } started)
        {
            html.Append($"Started <b>{ReportFormat.Timestamp(started)}</b>");
        }
        else
        {
            html.Append($"Created <b>{ReportFormat.Timestamp(run.CreatedAt)}</b>");
        }

        return html.ToString();
    }
}
