using System.Globalization;
using System.Text.RegularExpressions;

namespace Vetting.Server.Tests.Reports;

/// <summary>Just enough parsing of report.html to assert on its structure without a browser.</summary>
internal static partial class HtmlProbe
{
    public static string Body(string html) => html[html.IndexOf("<body>", StringComparison.Ordinal)..];

    public static IReadOnlyList<string> Svgs(string html) => [.. SvgPattern().Matches(html).Select(m => m.Value)];

    /// <summary>Left edge and width, in percent of the chart, of each value bar.</summary>
    public static IReadOnlyList<(double X, double Width)> Bars(string svg) =>
    [
        .. BarPattern().Matches(svg).Select(m => (Percent(m.Groups["x"].Value), Percent(m.Groups["w"].Value))),
    ];

    public static IReadOnlyList<string> Labels(string svg) =>
        [.. LabelPattern().Matches(svg).Select(m => m.Groups["text"].Value)];

    public static IReadOnlyList<string> Values(string svg) =>
        [.. ValuePattern().Matches(svg).Select(m => m.Groups["text"].Value)];

    public static IReadOnlyList<string> Captions(string html) =>
        [.. CaptionPattern().Matches(html).Select(m => m.Groups["text"].Value)];

    private static double Percent(string text) =>
        double.Parse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgPattern();

    [GeneratedRegex("<rect class=\"bar[^\"]*\" x=\"(?<x>[^\"]*)\" y=\"[^\"]*\" width=\"(?<w>[^\"]*)\"")]
    private static partial Regex BarPattern();

    [GeneratedRegex("""<text class="label"[^>]*>(?<text>[^<]*)</text>""")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("""<text class="value"[^>]*>(?<text>[^<]*)</text>""")]
    private static partial Regex ValuePattern();

    [GeneratedRegex("<figcaption>(?<text>[^<]*)</figcaption>")]
    private static partial Regex CaptionPattern();
}
