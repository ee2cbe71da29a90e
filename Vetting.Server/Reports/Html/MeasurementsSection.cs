namespace Vetting.Server.Reports.Html;

/// <summary>Measurements by stage, one chart per unit: bars only compare honestly when they share a unit.</summary>
internal static class MeasurementsSection
{
    public static void Write(HtmlBuilder html, RunReport report)
    {
        html.Append($"<section id=\"measurements\">\n<h2>Measurements</h2>\n");
        if (report.Measurements.Count == 0)
        {
            html.Append($"<p class=\"note\">No measurements were recorded.</p>\n</section>\n");
            return;
        }

        foreach (var stage in ByStage(report))
        {
            html.Append($"<h3>{stage.Key}</h3>\n<div class=\"charts\">\n");
            foreach (var group in stage.GroupBy(m => m.Unit, StringComparer.Ordinal))
            {
                WriteChart(html, group.Key, [.. group]);
            }

            html.Append($"</div>\n");
        }

        html.Append($"</section>\n");
    }

    // Pipeline order as listed in the report's stages; stages the list does not name follow in order of appearance.
    private static IEnumerable<IGrouping<string, ReportMeasurement>> ByStage(RunReport report)
    {
        var order = report.Stages.Select(s => s.Name).ToList();
        return report.Measurements
            .GroupBy(m => m.Stage, StringComparer.Ordinal)
            .OrderBy(g => order.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue);
    }

    private static void WriteChart(HtmlBuilder html, string unit, List<ReportMeasurement> measurements)
    {
        // When every bar measures the same thing, name it once in the caption and label bars by device.
        var names = measurements.Select(m => m.Name).Distinct(StringComparer.Ordinal).ToList();
        var sameName = names.Count == 1;
        var caption = sameName ? $"{names[0]} ({unit})" : unit;
        var bars = measurements
            .Select(m => new ChartBar(Label(m, sameName), m.Value))
            .ToList();

        html.Append($"<figure class=\"chart\">\n<figcaption>{caption}</figcaption>\n");
        BarChart.Write(html, caption, unit, bars);
        html.Append($"</figure>\n");
    }

    private static string Label(ReportMeasurement measurement, bool sameName) => (measurement.Device, sameName) switch
    {
        (null, _) => measurement.Name,
        (var device, true) => device,
        (var device, false) => $"{device} · {measurement.Name}",
    };
}
