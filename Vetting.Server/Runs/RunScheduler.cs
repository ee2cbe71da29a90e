using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Activities.Steps;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Startup;
using Vetting.Workflows.Persistence;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Runs;

/// <summary>
/// Moves runs out of <c>Queued</c> while fewer than <c>runs.max_concurrent</c> are past it, oldest first, by
/// starting their workflow. Woken when a run is created or ends; also looks every few seconds.
/// </summary>
public sealed class RunScheduler(IServiceScopeFactory scopes, RunOptions options, ILogger<RunScheduler> logger) : BackgroundService
{
    private readonly WakeSignal _wake = new();

    public void Wake() => _wake.Wake();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await StartNextAsync(stoppingToken))
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "run scheduler pass failed");
            }

            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(3), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Starts one queued run if a slot is free; false when there is nothing (more) to do.</summary>
    public async Task<bool> StartNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        var active = await db.Runs.CountAsync(r => (r.State != RunStates.Queued || r.WorkflowInstanceId != null)
                                                   && !RunStates.IsTerminalStates.Contains(r.State), cancellationToken);
        if (active >= options.MaxConcurrent)
        {
            return false;
        }

        // A run whose workflow has started is not queued any more, whatever its state says (a custom workflow may
        // suspend before its first activity sets a state): never start it twice.
        var run = await db.Runs.Where(r => r.State == RunStates.Queued && r.WorkflowInstanceId == null).OrderBy(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return false;
        }

        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        try
        {
            await runtime.StartAsync(run.WorkflowDefinitionId, new Dictionary<string, object?>
            {
                [WorkflowInputs.RunId] = run.Id,
                [WorkflowInputs.HostId] = run.HostId,
                [WorkflowInputs.Profile] = run.Profile,
            }, correlationId: $"run-{run.Id}", cancellationToken);
        }
        catch (Exception e) when (e is WorkflowConcurrencyException or DbUpdateConcurrencyException)
        {
            // The run changed while its first step ran (the operator cancelled it): nothing of the step was
            // committed, and the run keeps the state the other writer gave it.
            logger.LogInformation("run {RunId}: changed while its workflow was starting; not started", run.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "run {RunId}: the workflow '{Workflow}' could not start", run.Id, run.WorkflowDefinitionId);
            await using var failScope = scopes.CreateAsyncScope();
            var failDb = failScope.ServiceProvider.GetRequiredService<VettingDbContext>();
            var failed = await failDb.Runs.FirstAsync(r => r.Id == run.Id, cancellationToken);
            if (RunStates.IsTerminal(failed.State))
            {
                return true;
            }

            (failed.State, failed.EndedAt, failed.FailureReason, failed.FailureMessage) =
                (RunStates.Failed, DateTimeOffset.UtcNow, "workflow-start", $"the workflow '{run.WorkflowDefinitionId}' could not start: {e.Message}");
            await failDb.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
