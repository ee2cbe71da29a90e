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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.TimerPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = poll;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
                while (await runtime.RunDueTimersAsync(cancellationToken: stoppingToken) > 0)
                {
                    // A full batch may leave more due timers: keep going until none fires.
                }

                var next = await scope.ServiceProvider.GetRequiredService<IWorkflowInstanceStore>().GetNextResumeAtAsync(stoppingToken);
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
