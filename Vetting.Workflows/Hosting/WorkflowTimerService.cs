using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vetting.Workflows.Persistence;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Hosting;

/// <summary>
/// Fires due timers (delays and activity timeouts). Timers are bookmarks in the store, so after a restart the first
/// pass fires everything that fell due while the process was down — each exactly once, because firing consumes
/// the bookmark in the same commit as the step it triggers.
/// </summary>
public sealed class WorkflowTimerService(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<WorkflowRuntimeOptions> options,
    ILogger<WorkflowTimerService> logger) : BackgroundService
{
    /// <summary>
    /// Fires up to a batch of due timers, each in a scope of its own, as a request would: a step that fails leaves
    /// nothing behind in a unit of work that the next timer's step would commit. Returns how many fired. The loop
    /// below calls it; tests call it too, so they exercise the path production takes.
    /// </summary>
    public async Task<int> FireDueAsync(CancellationToken stoppingToken = default)
    {
        IReadOnlyList<BookmarkRef> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<IWorkflowInstanceStore>().FindDueBookmarksAsync(clock.GetUtcNow(), 100, options.Value.Partition, stoppingToken);
        }

        var fired = 0;
        foreach (var bookmark in due)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>()
                    .ResumeBookmarkAsync(bookmark.InstanceId, bookmark.BookmarkId, timedOut: true, cancellationToken: stoppingToken);
                fired += result.Status == ResumeStatus.Resumed ? 1 : 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Timer {BookmarkId} of instance {InstanceId} failed", bookmark.BookmarkId, bookmark.InstanceId);
            }
        }

        return fired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.TimerPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = poll;
            try
            {
                while (await FireDueAsync(stoppingToken) > 0)
                {
                    // A full batch may leave more due timers: keep going until none fires.
                }

                await using var scope = scopes.CreateAsyncScope();
                var next = await scope.ServiceProvider.GetRequiredService<IWorkflowInstanceStore>().GetNextResumeAtAsync(options.Value.Partition, stoppingToken);
                if (next is { } at)
                {
                    var untilNext = at - clock.GetUtcNow();
                    delay = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < poll ? untilNext : poll;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Timer pass failed; retrying in {Delay}", poll);
            }

            try
            {
                await Task.Delay(delay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
