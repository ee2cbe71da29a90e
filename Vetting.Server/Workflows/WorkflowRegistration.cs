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
    /// <summary>The runtime on the server's DbContext, the vetting activities and their ports, timers on.</summary>
    public static IServiceCollection AddVettingWorkflows(this IServiceCollection services, RunOptions runs)
    {
        services.AddWorkflows(w => w.AddVettingActivities().UseEntityFrameworkCore<VettingDbContext>().AddTimers());
        services.AddSingleton(new ActivityDefaults(runs.BootTimeout, runs.HelloTimeout));
        services.AddScoped<IWorkflowInstanceObserver, RunWorkflowObserver>();
        return services;
    }

    /// <summary>Imports <c>workflows/*.json</c> shipped beside the binary; a changed file that reuses a version stops start-up.</summary>
    public static async Task ImportWorkflowsAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "workflows");
        await using var scope = services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<DefinitionImporter>().ImportDirectoryAsync(directory, cancellationToken);
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<DefinitionImporter>>();
        foreach (var added in report.Added)
        {
            logger.LogInformation("workflows: imported {Definition}", added);
        }
    }
}
