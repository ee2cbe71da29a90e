using System.Globalization;

namespace Vetting.Server.Reports.Html;

/// <summary>One horizontal bar per value, its label and value on a line above it.</summary>
internal sealed record ChartBar(string Label, double Value);

/// <summary>
/// A horizontal bar chart as inline SVG, so it needs no script and prints. Horizontal positions are
/// percentages and there is no viewBox: the chart stretches to any width while its text keeps the
/// page's font size, instead of shrinking on a phone or ballooning when it has a row to itself.
/// Labels sit above their bars so long device names keep the full width. The scale always includes
/// zero: negative values grow left from a visible zero mark.
/// </summary>
internal static class BarChart
{
    private const double RowHeight = 36;
    private const double TextBaseline = 13;
    private const double BarOffset = 19;
    private const double BarHeight = 11;
    private const double MinVisiblePercent = 0.4;

    // About what fits on a 320 px wide chart at 13 px; the full label is in each bar's tooltip.
    private const int CharactersPerLine = 46;

    public static void Write(HtmlBuilder html, string caption, string unit, IReadOnlyList<ChartBar> bars)
    {
        var scale = Scale.For(bars.Select(b => b.Value));
        var height = N((bars.Count * RowHeight) + 2);
        html.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"{height}\" role=\"img\" aria-label=\"{caption}\">\n");

        for (var i = 0; i < bars.Count; i++)
        {
            WriteRow(html, bars[i], unit, i * RowHeight, scale);
        }

        html.Append($"</svg>\n");
    }

    private static void WriteRow(HtmlBuilder html, ChartBar bar, string unit, double top, Scale scale)
    {
        var value = $"{ReportFormat.Number(bar.Value)} {unit}";
        var label = Truncate(bar.Label, CharactersPerLine - value.Length - 2);
        var (x, width) = scale.Bar(bar.Value);
        var tone = bar.Value < 0 ? "bar negative" : "bar";
        var textY = N(top + TextBaseline);
        var barY = N(top + BarOffset);
        html.Append($"""
            <g><title>{bar.Label}: {value}</title>
            <text class="label" x="0" y="{textY}">{label}</text><text class="value" x="100%" y="{textY}" text-anchor="end">{value}</text>
            <rect class="track" x="0" y="{barY}" width="100%" height="{BarHeight}" rx="2"/><rect class="{tone}" x="{Percent(x)}" y="{barY}" width="{Percent(width)}" height="{BarHeight}" rx="2"/>{ZeroAxis(scale, top)}</g>

            """);
    }

    // Drawn per row, across the bar only, so it never runs through the labels and values above it.
    private static Markup ZeroAxis(Scale scale, double top)
    {
        if (scale.Min >= 0)
        {
            return Markup.Empty;
        }

        var html = new HtmlBuilder();
        var zero = Percent(scale.X(0));
        html.Append($"<line class=\"axis\" x1=\"{zero}\" y1=\"{N(top + BarOffset - 2)}\" x2=\"{zero}\" y2=\"{N(top + BarOffset + BarHeight + 2)}\"/>");
        return new Markup(html.ToString());
    }

    private static string Truncate(string text, int max)
    {
        max = Math.Max(max, 8);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Percent(double value) => $"{N(value)}%";

    /// <summary>Maps values onto 0..100 percent; the range always spans zero so bar lengths compare honestly.</summary>
    private readonly record struct Scale(double Min, double Max)
    {
        public static Scale For(IEnumerable<double> values)
        {
            double min = 0, max = 0;
            foreach (var value in values.Where(double.IsFinite))
            {
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }

            return new Scale(min, max);
        }

        // Divides each bound by the span separately: Max - Min overflows to infinity for values near double.MaxValue.
        public double X(double value) => Max > Min ? ((value / 2) - (Min / 2)) / ((Max / 2) - (Min / 2)) * 100 : 0;

        /// <summary>Left edge and width; a non-finite value gets no length, a tiny one a visible sliver.</summary>
        public (double X, double Width) Bar(double value)
        {
            var zero = X(0);
            if (!double.IsFinite(value) || value == 0)
            {
                return (zero, 0);
            }

            var width = Math.Max(Math.Abs(X(value) - zero), MinVisiblePercent);
            return (value > 0 ? zero : zero - width, width);
        }
    }
}
