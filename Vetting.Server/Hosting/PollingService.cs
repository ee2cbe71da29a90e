namespace Vetting.Server.Hosting;

/// <summary>How often a <see cref="PollingService"/> looks, and how it backs off while its passes fail.</summary>
/// <param name="Interval">Between passes that succeeded (a wake-up comes sooner).</param>
/// <param name="FirstRetry">After the first failed pass; each further failure doubles it, up to <paramref name="MaxRetry"/>.</param>
public sealed record PollingSchedule(TimeSpan Interval, TimeSpan FirstRetry, TimeSpan MaxRetry)
{
    /// <summary>The wait after <paramref name="failures"/> failed passes in a row (0: the interval).</summary>
    public TimeSpan After(int failures) => failures == 0
        ? Interval
        : TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks * (1L << Math.Min(failures - 1, 30)), MaxRetry.Ticks));
}

/// <summary>A finished pass, as <see cref="PollingService.Waiting"/> reports it: the error if it failed, the wait before the next, and when it ended.</summary>
public sealed record PollingPass(Exception? Error, int FailuresInARow, TimeSpan NextIn, DateTimeOffset At);

/// <summary>
/// The one shape of the server's background loops (scheduler, lost-agent monitor, retention, PXE allow-list): a
/// pass, then a wait on the injected clock that a <see cref="Wake"/> cuts short. A failing pass (the database is
/// down, a disk is full) is logged and retried with a growing back-off, never in a tight loop.
/// </summary>
public abstract class PollingService(PollingSchedule schedule, TimeProvider clock, ILogger logger) : BackgroundService
{
    private readonly WakeSignal _wake = new();

    protected TimeProvider Clock { get; } = clock;

    protected ILogger Logger { get; } = logger;

    /// <summary>Raised after each pass once the wait for the next has begun (diagnostics and tests).</summary>
    public event Action<PollingPass>? Waiting;

    /// <summary>Look again now (something changed that this service acts on).</summary>
    public void Wake() => _wake.Wake();

    /// <summary>One pass; an exception counts as a failed pass.</summary>
    protected abstract Task PollAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Exception? error = null;
            try
            {
                await PollAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                (error, failures) = (e, failures + 1);
            }

            var next = schedule.After(failures);
            if (error is not null)
            {
                Logger.LogError(error, "{Service}: pass failed ({Failures} in a row); next try in {Delay}", GetType().Name, failures, next);
            }

            try
            {
                var wait = _wake.WaitAsync(next, Clock, stoppingToken);
                Waiting?.Invoke(new PollingPass(error, failures, next, Clock.GetUtcNow()));
                await wait;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
