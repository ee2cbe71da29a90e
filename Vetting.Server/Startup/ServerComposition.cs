using Vetting.Activities.Ports;
using Vetting.Server.Agents;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Designer;
using Vetting.Server.Events;
using Vetting.Server.Health;
using Vetting.Server.Hosts;
using Vetting.Server.Http;
using Vetting.Server.NetworkTest;
using Vetting.Server.Notifications;
using Vetting.Server.Pxe;
using Vetting.Server.Reports;
using Vetting.Server.Retention;
using Vetting.Server.Runs;
using Vetting.Server.Security;
using Vetting.Server.Sites;
using Vetting.Server.Web;
using Vetting.Server.Workflows;

namespace Vetting.Server.Startup;

/// <summary>What Program.cs calls: the service graph, the HTTP pipeline, the endpoints and start-up work.</summary>
public static class ServerComposition
{
    public static WebApplicationBuilder AddVettingServer(this WebApplicationBuilder builder, VettingConfig config)
    {
        builder.Services
            .AddSiteLease(config.Database)
            .AddVettingData(config.Paths, config.Database)
            .AddVettingWorkflows(config.Runs, config.Site)
            .AddVettingProblemDetails()
            .AddOpenApi(options => options.AddPathParameters())
            .AddEventHub()
            .AddEventRelay(config.Database)
            .AddHosts()
            .AddRuns()
            .AddAgents()
            .AddReports()
            .AddVettingNotifiers(config.Notifiers)
            .AddRetention()
            .AddVettingPxe()
            .AddNetworkTest(config.NetworkTest)
            .AddSites()
            .AddDesigner(config.Designer);
        return builder;
    }

    public static WebApplication UseVettingPipeline(this WebApplication app)
    {
        app.UseVettingProblemDetails();
        app.UseVettingSecurity();
        return app;
    }

    public static WebApplication MapVettingEndpoints(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealth();
        app.MapHosts();
        app.MapSites();
        app.MapRuns();
        app.MapAgentApi();
        app.MapWorkflows();
        app.MapEvents();
        app.MapPxe();
        app.MapRunProgress();
        app.MapDesigner();
        app.MapStudio();
        app.MapWebUi();
        return app;
    }

    /// <summary>
    /// Migrates the database and imports the shipped workflow definitions before the server accepts requests; once it
    /// listens, names the hosts whose stored spec no longer validates (a warning that holds nothing up).
    /// </summary>
    public static async Task InitializeVettingAsync(this WebApplication app)
    {
        // The first request builds every endpoint's request delegate (reflection and JIT: about a third of the time to
        // the first /healthz on the 2-core VM). Built once on another thread while the database work runs, what the
        // first request then builds is warm.
        var endpoints = Task.Run(() => BuildEndpoints(app));
        StartupChecks.Run(app.Services.GetRequiredService<VettingConfig>(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vetting.Startup"));
        await DatabaseMigrator.MigrateAsync(app.Services);
        await WorkflowRegistration.ImportWorkflowsAsync(app.Services);
        await endpoints;
        app.Lifetime.ApplicationStarted.Register(() => _ = WarnOfStoredSpecsAsync(app.Services, app.Lifetime.ApplicationStopping));
    }

    /// <summary>Builds the endpoints of every data source once, as routing does on the first request.</summary>
    private static void BuildEndpoints(IEndpointRouteBuilder app)
    {
        foreach (var source in app.DataSources)
        {
            _ = source.Endpoints;
        }
    }

    private static async Task WarnOfStoredSpecsAsync(IServiceProvider services, CancellationToken stopping)
    {
        try
        {
            await Task.Yield();
            await StoredSpecCheck.WarnAsync(services, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Only a warning was at stake; say that the check itself failed and carry on.
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Vetting.Startup")
                .LogWarning(e, "start-up: the check of stored expected specs failed; hosts with outdated specs are not named");
        }
    }
}
