using Vetting.Server.Reports.Html;

namespace Vetting.Server.Tests.Reports;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(0.4, "0 s")]
    [InlineData(59.6, "1 min 00 s")]
    [InlineData(412.0, "6 min 52 s")]
    [InlineData(3725.0, "1 h 02 min")]
    [InlineData(30 * 3600.0, "30 h 00 min")]
    [InlineData(-1.0, null)]
    [InlineData(double.NaN, null)]
    [InlineData(null, null)]
    public void Durations_read_like_a_person_would_say_them(double? seconds, string? expected) =>
        Assert.Equal(expected, ReportFormat.Duration(seconds));

    [Fact]
    public void An_absurd_duration_is_still_shown_in_hours() =>
        Assert.Matches(@"^\d+ h \d\d min$", ReportFormat.Duration(1e20));

    [Theory]
    [InlineData(1023L, "1023 B")]
    [InlineData(18_734L, "18.3 KiB")]
    [InlineData(67_268_632_576L, "62.6 GiB")]
    [InlineData(68_719_476_736L, "64 GiB")]
    [InlineData(null, null)]
    public void Memory_and_file_sizes_use_binary_units(long? bytes, string? expected) =>
        Assert.Equal(expected, ReportFormat.BinaryBytes(bytes));

    [Theory]
    [InlineData(1_000_204_886_016L, "1 TB")]
    [InlineData(480_103_981_056L, "480 GB")]
    [InlineData(4_000_787_030_016L, "4 TB")]
    [InlineData(null, null)]
    public void Disk_sizes_use_the_decimal_units_on_the_label(long? bytes, string? expected) =>
        Assert.Equal(expected, ReportFormat.DecimalBytes(bytes));

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(71.0, "71")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(3412.5, "3,413")]
    [InlineData(412_000.0, "412,000")]
    [InlineData(3.2e18, "3.2E+18")]
    [InlineData(0.004, "4E-3")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void Numbers_stay_short_at_any_magnitude(double value, string expected) =>
        Assert.Equal(expected, ReportFormat.Number(value));
}
