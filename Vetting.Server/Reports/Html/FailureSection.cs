namespace Vetting.Server.Reports.Html;

/// <summary>Why the run failed and, when the node is held, the command to reach it: what the operator acts on next.</summary>
internal static class FailureSection
{
    public static void Write(HtmlBuilder html, RunReport report)
    {
        if (report.Run.Failure is { } untested && report.Verdict == ReportVerdicts.Inconclusive)
        {
            html.Append($"""
                <section class="callout inconclusive">
                <h2>Not tested</h2>
                <p><b>{Where(untested)}</b> could not be run: <code>{untested.Reason}</code>. No hardware fault was found; what follows this stage was not covered.</p>
                <p>{untested.Message}</p>
                </section>

                """);
        }
        else if (report.Run.Failure is { } failure)
        {
            html.Append($"""
                <section class="callout">
                <h2>Failure</h2>
                <p><b>{Where(failure)}</b>: <code>{failure.Reason}</code></p>
                <p>{failure.Message}</p>
                </section>

                """);
        }

        if (report.Hold is { } hold)
        {
            html.Append($"""
                <section class="callout hold">
                <h2>Node held for investigation</h2>
                <p>The node is still running the live image at <code>{hold.Ip}</code>. From the orchestrator host:</p>
                <pre>{hold.SshCommand}</pre>
                <p class="note">The hold ends when the run is released from the dashboard; the node then powers off.</p>
                </section>

                """);
        }
    }

    private static string Where(ReportFailure failure) =>
        failure.Stage is { } stage ? $"Stage {stage}" : "Before any stage";
}
