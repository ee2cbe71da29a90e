namespace Vetting.Server.Reports.Html;

/// <summary>The bookkeeping needed to find this run again: host identity, timestamps and the exact workflow version.</summary>
internal static class RunDetailsSection
{
    public static void Write(HtmlBuilder html, RunReport report)
    {
        var run = report.Run;
        var host = report.Host;
        var workflow = report.Workflow;
        html.Append($"<section id=\"details\">\n<h2>Run details</h2>\n<div class=\"cards\">\n");
        FactList.Write(html, "Host",
        [
            ("Name", host.Name),
            ("Host id", ReportFormat.Id(host.Id)),
            ("MAC", host.Mac),
            ("WoL broadcast", host.WolBroadcast),
        ]);
        FactList.Write(html, "Run",
        [
            ("Run id", ReportFormat.Id(run.Id)),
            ("Final state", run.State),
            ("Profile", run.Profile),
            ("Created", ReportFormat.Timestamp(run.CreatedAt)),
            ("Started", ReportFormat.Timestamp(run.StartedAt)),
            ("Ended", ReportFormat.Timestamp(run.EndedAt)),
            ("Duration", ReportFormat.Duration(run.DurationSeconds)),
        ]);
        FactList.Write(html, "Workflow",
        [
            ("Definition", workflow.DefinitionId),
            ("Version", ReportFormat.Id(workflow.Version)),
            ("Instance", workflow.InstanceId),
        ]);
        html.Append($"</div>\n</section>\n");
    }
}
