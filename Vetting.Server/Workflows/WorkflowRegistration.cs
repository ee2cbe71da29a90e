using Vetting.Activities.Ports;
using Vetting.Activities.Steps;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Runs;
using Vetting.Workflows.EntityFrameworkCore;
using Vetting.Workflows.Hosting;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Server.Workflows;

public static class WorkflowRegistration
{
    /// <summary>
    /// The runtime on the server's DbContext, the vetting activities and their ports, timers on. The site is the
    /// runtime's partition: this orchestrator fires the timers of the instances it started, never another site's.
    /// </summary>
    public static IServiceCollection AddVettingWorkflows(this IServiceCollection services, RunOptions runs, SiteOptions site)
    {
        services.AddWorkflows(w => w.AddVettingActivities().UseEntityFrameworkCore<VettingDbContext>().AddTimers());
        services.Configure<WorkflowRuntimeOptions>(options => options.Partition = site.Name);
        services.AddSingleton(new ActivityDefaults(runs.BootTimeout, runs.HelloTimeout));
        services.AddScoped<IWorkflowInstanceObserver, RunWorkflowObserver>();
        return services;
    }

    /// <summary>Imports <c>workflows/*.json</c> shipped beside the binary; a changed file that reuses a version stops start-up.</summary>
    public static async Task ImportWorkflowsAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "workflows");
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            try
            {
                var report = await scope.ServiceProvider.GetRequiredService<DefinitionImporter>().ImportDirectoryAsync(directory, cancellationToken);
                Log(scope.ServiceProvider.GetRequiredService<ILogger<DefinitionImporter>>(), report);
                return;
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (attempt < 3 && DbErrors.IsUniqueViolation(e))
            {
                // Another orchestrator on the same database imported the same file at the same moment: look again,
                // and find it stored.
            }
        }
    }

    private static void Log(ILogger logger, ImportReport report)
    {
        foreach (var added in report.Added)
        {
            logger.LogInformation("workflows: imported {Definition}", added);
        }
    }
}
