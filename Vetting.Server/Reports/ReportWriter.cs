using System.Text.Json;
using Vetting.Server.Reports.Html;

namespace Vetting.Server.Reports;

/// <summary>Writes a run's <c>report.json</c> and <c>report.html</c> into its artifacts directory.</summary>
public sealed class ReportWriter
{
    public const string JsonFileName = "report.json";
    public const string HtmlFileName = "report.html";

    public async Task WriteAsync(RunReport report, string runArtifactsDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(runArtifactsDir);

        // Render both before touching the disk, so a rendering bug cannot leave one file without its twin.
        var json = RenderJson(report);
        var html = RenderHtml(report);

        Directory.CreateDirectory(runArtifactsDir);
        await AtomicFile.WriteAllTextAsync(Path.Combine(runArtifactsDir, JsonFileName), json, cancellationToken);
        await AtomicFile.WriteAllTextAsync(Path.Combine(runArtifactsDir, HtmlFileName), html, cancellationToken);
    }

    public static string RenderJson(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport);
    }

    public static string RenderHtml(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ReportPage.Render(report);
    }
}
