using Vetting.Server.Configuration;

namespace Vetting.Server.Tests.Configuration;

public sealed class DurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("10m", 600_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1s500ms", 1_500)]
    [InlineData("90m", 5_400_000)]
    [InlineData(" 45s ", 45_000)]
    public void Units_combine_largest_first(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ten")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("10 m")]
    [InlineData("30s1m")]
    [InlineData("10m10m")]
    [InlineData("2d")]
    [InlineData("10M")]
    [InlineData("999999999h")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(120_000, "2m")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(0, "0s")]
    public void Format_writes_what_parse_reads(long milliseconds, string text)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(text, Durations.Format(duration));
        Assert.True(Durations.TryParse(text, out var back));
        Assert.Equal(duration, back);
    }

    [Fact]
    public void Every_duration_key_reads_its_value()
    {
        var config = ConfigTesting.Load("runs:\n  boot_timeout: 1h30m\n  hello_timeout: 500ms\nagent:\n  lost_after: 45s\n  heartbeat_seconds: 5");

        Assert.Equal(TimeSpan.FromMinutes(90), config.Runs.BootTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.Runs.HelloTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), config.Agent.LostAfter);
    }
}
