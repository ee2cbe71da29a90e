using Vetting.Server.Reports;
using static Vetting.Server.Tests.Reports.HtmlProbe;

namespace Vetting.Server.Tests.Reports;

public sealed class MeasurementChartTests
{
    [Fact]
    public void One_chart_per_stage_and_unit_with_one_bar_per_measurement()
    {
        var html = ReportWriter.RenderHtml(ReportSamples.HeldStorageFailure());

        var svgs = Svgs(html);

        Assert.Equal(["bogo ops/s", "max_temp (°C)", "tested (GiB)", "seq_read (MB/s)", "rand_read (IOPS)"], Captions(html));
        Assert.Equal([3, 1, 1, 2, 2], svgs.Select(svg => Bars(svg).Count));
    }

    [Fact]
    public void Bars_are_proportional_to_their_values()
    {
        var svg = Assert.Single(Svgs(Render(("nvme0n1", 3000), ("sdb", 750))));

        Assert.Equal([(0, 100), (0, 25)], Bars(svg));
        Assert.Equal(["3,000 MB/s", "750 MB/s"], Values(svg));
    }

    [Fact]
    public void Bars_of_one_measurement_are_labelled_by_device_and_of_mixed_ones_by_device_and_name()
    {
        var report = ReportSamples.CancelledInQueue() with
        {
            Measurements =
            [
                new ReportMeasurement { Stage = "storage", Name = "seq_read", Device = "nvme0n1", Value = 3000, Unit = "MB/s" },
                new ReportMeasurement { Stage = "storage", Name = "seq_write", Device = "nvme0n1", Value = 2000, Unit = "MB/s" },
                new ReportMeasurement { Stage = "storage", Name = "total", Value = 5000, Unit = "MB/s" },
            ],
        };

        var svg = Assert.Single(Svgs(ReportWriter.RenderHtml(report)));

        Assert.Equal(["nvme0n1 · seq_read", "nvme0n1 · seq_write", "total"], Labels(svg));
    }

    [Fact]
    public void Stage_groups_follow_the_pipeline_order()
    {
        var report = ReportSamples.HeldStorageFailure();
        report = report with { Measurements = [.. report.Measurements.AsEnumerable().Reverse()] };

        var html = ReportWriter.RenderHtml(report);

        Assert.True(html.IndexOf("<h3>cpu</h3>", StringComparison.Ordinal) < html.IndexOf("<h3>storage</h3>", StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_zero_value_gets_an_empty_bar_not_a_division_by_zero()
    {
        var svg = Assert.Single(Svgs(Render(("eno1", 0))));

        Assert.Equal([(0, 0)], Bars(svg));
        Assert.Equal(["0 MB/s"], Values(svg));
    }

    [Fact]
    public void Negative_values_grow_left_from_zero()
    {
        var svg = Assert.Single(Svgs(Render(("a", -25), ("b", 75))));

        Assert.Equal([(0, 25), (25, 75)], Bars(svg));
        Assert.Contains("class=\"axis\" x1=\"25%\"", svg, StringComparison.Ordinal);
        Assert.Contains("class=\"bar negative\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_negative_values_end_at_the_right_edge()
    {
        var svg = Assert.Single(Svgs(Render(("a", -5), ("b", -50))));

        Assert.Equal([(90, 10), (0, 100)], Bars(svg));
    }

    [Theory]
    [InlineData(double.MaxValue, -double.MaxValue)]
    [InlineData(1e300, 1)]
    [InlineData(double.NaN, 10)]
    [InlineData(double.PositiveInfinity, 10)]
    public void Extreme_values_still_produce_bars_inside_the_chart(double first, double second)
    {
        var svg = Assert.Single(Svgs(Render(("a", first), ("b", second))));

        var bars = Bars(svg);
        Assert.Equal(2, bars.Count);
        Assert.All(bars, bar =>
        {
            Assert.InRange(bar.X, 0, 100);
            Assert.InRange(bar.Width, 0, 100);
            Assert.InRange(bar.X + bar.Width, 0, 100.01);
        });
    }

    [Fact]
    public void A_tiny_value_beside_a_huge_one_stays_visible()
    {
        var svg = Assert.Single(Svgs(Render(("big", 4e12), ("small", 1))));

        Assert.True(Bars(svg)[1].Width > 0);
        Assert.Equal(["4E+12 MB/s", "1 MB/s"], Values(svg));
    }

    [Fact]
    public void Long_labels_are_shortened_and_kept_whole_in_the_tooltip()
    {
        var label = new string('x', 80);

        var svg = Assert.Single(Svgs(Render((label, 1))));

        Assert.EndsWith("…", Assert.Single(Labels(svg)), StringComparison.Ordinal);
        Assert.Contains($"<title>{label}: 1 MB/s</title>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void No_measurements_no_charts()
    {
        var html = ReportWriter.RenderHtml(ReportSamples.CancelledInQueue());

        Assert.Empty(Svgs(html));
        Assert.Contains("No measurements were recorded.", html, StringComparison.Ordinal);
    }

    private static string Render(params (string Device, double Value)[] values) =>
        ReportWriter.RenderHtml(ReportSamples.CancelledInQueue() with
        {
            Measurements = [.. values.Select(v => new ReportMeasurement { Stage = "storage", Name = "seq_read", Device = v.Device, Value = v.Value, Unit = "MB/s" })],
        });
}
