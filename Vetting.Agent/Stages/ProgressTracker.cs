namespace Vetting.Agent.Stages;

/// <summary>
/// What the current stage is doing, for heartbeats. A stage announces a phase with its expected length; the
/// percentage then advances with the clock while a tool runs, since tools like stress-ng report nothing until
/// they finish.
/// </summary>
public sealed class ProgressTracker(TimeProvider time)
{
    private readonly Lock gate = new();
    private string message = "starting";
    private double from;
    private double to;
    private TimeSpan expected;
    private DateTimeOffset started = time.GetUtcNow();

    /// <summary>Starts a phase that moves the percentage from <paramref name="fromPercent"/> towards <paramref name="toPercent"/> over <paramref name="expectedDuration"/>.</summary>
    public void Phase(string text, double fromPercent, double toPercent, TimeSpan expectedDuration)
    {
        lock (gate)
        {
            (message, from, to, expected, started) = (text, fromPercent, toPercent, expectedDuration, time.GetUtcNow());
        }
    }

    public (double Percent, string Message) Snapshot()
    {
        lock (gate)
        {
            var elapsed = time.GetUtcNow() - started;
            var fraction = expected <= TimeSpan.Zero ? 0 : Math.Clamp(elapsed / expected, 0, 1);
            return (Math.Round(from + (to - from) * fraction, 1), message);
        }
    }
}
