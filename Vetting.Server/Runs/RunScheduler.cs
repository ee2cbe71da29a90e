using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Activities.Ports;
using Vetting.Activities.Steps;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Hosting;
using Vetting.Workflows.Persistence;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Runs;

/// <summary>
/// Moves this site's runs out of <c>Queued</c> while fewer than <c>runs.max_concurrent</c> of them are past it,
/// oldest first, by starting their workflow. Woken when a run is created or ends; also looks every few seconds. A run
/// of another site (queued from any orchestrator) is left to that site's scheduler.
/// </summary>
public sealed class RunScheduler(IServiceScopeFactory scopes, RunOptions options, SiteOptions site, TimeProvider clock, ILogger<RunScheduler> logger)
    : PollingService(new PollingSchedule(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), clock, logger), ICommitObserver
{
    /// <summary>A run was created or ended, or an instruction moved: a slot may be free.</summary>
    public void OnCommitted(CommittedChanges changes)
    {
        if (changes.SharedResourcesMoved)
        {
            Wake();
        }
    }

    protected override async Task PollAsync(CancellationToken cancellationToken)
    {
        while (await StartNextAsync(cancellationToken))
        {
        }
    }

    /// <summary>Starts one queued run if a slot is free; false when there is nothing (more) to do.</summary>
    public async Task<bool> StartNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        var mine = db.Runs.Where(r => r.Site == site.Name);
        var active = await mine.CountAsync(r => (r.State != RunStates.Queued || r.WorkflowInstanceId != null)
                                                   && !RunStates.IsTerminalStates.Contains(r.State), cancellationToken);
        if (active >= options.MaxConcurrent)
        {
            return false;
        }

        // A run whose workflow has started is not queued any more, whatever its state says (a custom workflow may
        // suspend before its first activity sets a state): never start it twice.
        var run = await mine.Where(r => r.State == RunStates.Queued && r.WorkflowInstanceId == null).OrderBy(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return false;
        }

        try
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(run.WorkflowDefinitionId, new Dictionary<string, object?>
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
            await FailToStartAsync(run.Id, $"the workflow '{run.WorkflowDefinitionId}' could not start: {e.Message}", cancellationToken);
        }

        return true;
    }

    /// <summary>In a fresh scope: the failed start left the first one's unit of work half-done.</summary>
    private async Task FailToStartAsync(int runId, string message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        var run = await db.LoadAsync(runId, cancellationToken);
        if (run is null || RunStates.IsTerminal(run.State))
        {
            return;
        }

        await scope.ServiceProvider.GetRequiredService<RunLifecycle>().EndAsync(run, RunStates.Failed, new RunFailure(null, "workflow-start", message), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
