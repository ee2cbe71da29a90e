namespace Vetting.Server.Hosting;

/// <summary>
/// When to restart a supervised process (dnsmasq, iperf3) after it exited: 1 s, then doubling up to a minute; a
/// process that had run for <c>stableAfter</c> counts as healthy and the next crash starts from the beginning again.
/// After <see cref="GiveUpAfter"/> exits in a row that each came before <c>stableAfter</c>, restarting is pointless
/// (a missing interface, a port taken by another daemon): <see cref="Exited"/> says so and the caller reports it.
/// </summary>
public sealed class RestartBackoff
{
    public const int GiveUpAfter = 5;
    public static readonly TimeSpan DefaultFirst = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _clock;
    private readonly TimeSpan _first;
    private readonly TimeSpan _max;
    private readonly TimeSpan _stableAfter;
    private TimeSpan _next;
    private long _startedAt;

    public RestartBackoff(TimeProvider clock, TimeSpan first, TimeSpan max, TimeSpan stableAfter)
    {
        (_clock, _first, _max, _stableAfter, _next) = (clock, first, max, stableAfter, first);
        _startedAt = clock.GetTimestamp();
    }

    public RestartBackoff(TimeProvider clock, TimeSpan stableAfter) : this(clock, DefaultFirst, DefaultMax, stableAfter)
    {
    }

    /// <summary>Exits in a row that came before the process had run <c>stableAfter</c>.</summary>
    public int QuickFailures { get; private set; }

    /// <summary>The process was (re)started now.</summary>
    public void Started() => _startedAt = _clock.GetTimestamp();

    /// <summary>The process exited: how long to wait before starting it again, or null to stop trying.</summary>
    public TimeSpan? Exited()
    {
        if (_clock.GetElapsedTime(_startedAt) >= _stableAfter)
        {
            (_next, QuickFailures) = (_first, 0);
        }

        if (++QuickFailures >= GiveUpAfter)
        {
            return null;
        }

        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _max.Ticks));
        return delay;
    }
}
