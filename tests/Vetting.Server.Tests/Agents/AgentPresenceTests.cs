using Microsoft.Extensions.Time.Testing;
using Vetting.Server.Agents;
using Vetting.Server.Configuration;
using Vetting.Server.Runs;

namespace Vetting.Server.Tests.Agents;

public sealed class AgentPresenceTests
{
    [Fact]
    public void A_sign_of_life_is_written_once_per_resolution_and_never_left_in_the_future()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var presence = new AgentPresence(new AgentOptions { LostAfter = TimeSpan.FromMinutes(2) }, clock);
        var now = clock.GetUtcNow();

        // lost_after 2 min: a twentieth is 6 s, capped at 5 s.
        Assert.Equal(TimeSpan.FromSeconds(5), presence.SeenResolution);
        Assert.True(presence.IsNewSignOfLife(new Run { AgentSeenAt = null }, now));
        Assert.False(presence.IsNewSignOfLife(new Run { AgentSeenAt = now.AddSeconds(-4.9) }, now));
        Assert.True(presence.IsNewSignOfLife(new Run { AgentSeenAt = now.AddSeconds(-5) }, now));
        // A stored stamp ahead of the clock (the clock was set back) is replaced at once.
        Assert.True(presence.IsNewSignOfLife(new Run { AgentSeenAt = now.AddSeconds(1) }, now));
    }

    [Fact]
    public void A_short_lost_after_keeps_the_resolution_a_twentieth_of_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var presence = new AgentPresence(new AgentOptions { LostAfter = TimeSpan.FromSeconds(40) }, clock);
        var now = clock.GetUtcNow();

        Assert.Equal(TimeSpan.FromSeconds(2), presence.SeenResolution);
        Assert.False(presence.IsNewSignOfLife(new Run { AgentSeenAt = now.AddSeconds(-1.9) }, now));
        Assert.True(presence.IsNewSignOfLife(new Run { AgentSeenAt = now.AddSeconds(-2) }, now));
    }
}
