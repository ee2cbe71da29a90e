namespace Vetting.Agent.Stages;

/// <summary>
/// What the current stage is doing, for heartbeats. A stage announces a phase with its expected length; the
/// percentage then advances with the clock while a tool runs, since tools like stress-ng report nothing until
/// they finish.
/// </summary>
public sealed class ProgressTracker(TimeProvider time)
{
    private readonly Lock _gate = new();
    private string _message = "starting";
    private double _from;
    private double _to;
    private TimeSpan _expected;
    private DateTimeOffset _started = time.GetUtcNow();

    /// <summary>Starts a phase that moves the percentage from <paramref name="fromPercent"/> towards <paramref name="toPercent"/> over <paramref name="expectedDuration"/>.</summary>
    public void Phase(string text, double fromPercent, double toPercent, TimeSpan expectedDuration)
    {
        lock (_gate)
        {
            (_message, _from, _to, _expected, _started) = (text, fromPercent, toPercent, expectedDuration, time.GetUtcNow());
        }
    }

    public (double Percent, string Message) Snapshot()
    {
        lock (_gate)
        {
            var elapsed = time.GetUtcNow() - _started;
            var fraction = _expected <= TimeSpan.Zero ? 0 : Math.Clamp(elapsed / _expected, 0, 1);
            return (Math.Round(_from + (_to - _from) * fraction, 1), _message);
        }
    }
}
