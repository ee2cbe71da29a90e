using Microsoft.Extensions.Time.Testing;
using Vetting.Server.Hosting;

namespace Vetting.Server.Tests.Hosting;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Quick_exits_double_the_wait_and_the_fifth_in_a_row_gives_up()
    {
        var clock = new FakeTimeProvider();
        var backoff = new RestartBackoff(clock, stableAfter: TimeSpan.FromMinutes(1));
        var waits = new List<TimeSpan?>();
        for (var i = 0; i < RestartBackoff.GiveUpAfter; i++)
        {
            backoff.Started();
            clock.Advance(TimeSpan.FromSeconds(2));
            waits.Add(backoff.Exited());
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), null], waits);
        Assert.Equal(RestartBackoff.GiveUpAfter, backoff.QuickFailures);
    }

    [Fact]
    public void A_run_that_lasted_counts_as_healthy_and_starts_the_count_again()
    {
        var clock = new FakeTimeProvider();
        var backoff = new RestartBackoff(clock, stableAfter: TimeSpan.FromMinutes(1));
        for (var i = 0; i < RestartBackoff.GiveUpAfter - 1; i++)
        {
            backoff.Started();
            Assert.NotNull(backoff.Exited());
        }

        backoff.Started();
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Exited());
        Assert.Equal(1, backoff.QuickFailures);
    }
}
