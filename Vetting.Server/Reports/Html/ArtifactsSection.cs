using Vetting.Protocol;

namespace Vetting.Server.Reports.Html;

/// <summary>Raw files stored beside the report, linked relatively so the links work both served and from a copied folder.</summary>
internal static class ArtifactsSection
{
    public static void Write(HtmlBuilder html, RunReport report)
    {
        html.Append($"<section id=\"artifacts\">\n<h2>Artifacts</h2>\n");
        if (report.Artifacts.Count == 0)
        {
            html.Append($"<p class=\"note\">No artifacts were stored.</p>\n</section>\n");
            return;
        }

        html.Append($"<div class=\"scroll\"><table class=\"stack\">\n<thead><tr><th>File</th><th class=\"num\">Size</th></tr></thead>\n<tbody>\n");
        foreach (var artifact in report.Artifacts.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            html.Append($"<tr><td class=\"mono\">{Link(artifact.Name)}</td><td class=\"num\">{ReportFormat.BinaryBytes(artifact.SizeBytes)}</td></tr>\n");
        }

        html.Append($"</tbody>\n</table></div>\n</section>\n");
    }

    // Only names valid as stored artifact names become links: anything else (a path, a URL scheme)
    // could point outside the run's folder.
    private static Markup Link(string name)
    {
        var html = new HtmlBuilder();
        if (ArtifactName.IsValid(name))
        {
            html.Append($"<a href=\"{Uri.EscapeDataString(name)}\">{name}</a>");
        }
        else
        {
            html.Append($"{name}");
        }

        return new Markup(html.ToString());
    }
}
