using Vetting.Activities.Ports;
using Vetting.Server.Agents;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
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
using Vetting.Server.Web;
using Vetting.Server.Workflows;

namespace Vetting.Server.Startup;

/// <summary>What Program.cs calls: the service graph, the HTTP pipeline, the endpoints and start-up work.</summary>
public static class ServerComposition
{
    public static WebApplicationBuilder AddVettingServer(this WebApplicationBuilder builder, VettingConfig config)
    {
        var services = builder.Services;
        services.AddVettingData(config.Paths, config.Database);
        services.AddVettingWorkflows(config.Runs);
        services.AddVettingProblemDetails();
        services.AddOpenApi(options => options.AddPathParameters());
        services.AddEventHub();
        services.AddSingleton<InstructionSignals>();
        services.AddSingleton<RunLog>();
        services.AddSingleton<RunProgress>();
        services.AddSingleton<HoldKeys>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<ReportWriter>();
        services.AddScoped<RunReports>();
        services.AddScoped<RunControl>();
        services.AddVettingNotifiers(config.Notifiers);
        services.AddSingleton<RunScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<RunScheduler>());
        services.AddSingleton<LostAgentMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<LostAgentMonitor>());
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.AddVettingPxe();
        services.AddSingleton<PxeAllowListSync>();
        services.AddHostedService(sp => sp.GetRequiredService<PxeAllowListSync>());
        services.AddSingleton<IHealthContributor, DnsmasqHealth>();
        if (config.NetworkTest.Enabled)
        {
            services.AddSingleton<Iperf3Server>();
            services.AddSingleton<IHealthContributor>(sp => sp.GetRequiredService<Iperf3Server>());
            services.AddHostedService(sp => sp.GetRequiredService<Iperf3Server>());
        }
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
        app.MapRuns();
        app.MapAgentApi();
        app.MapWorkflows();
        app.MapEvents();
        app.MapPxe();
        app.MapRunProgress();
        app.MapWebUi();
        return app;
    }

    /// <summary>
    /// Migrates the database, imports the shipped workflow definitions and names hosts whose stored spec no longer
    /// validates, before the server accepts requests.
    /// </summary>
    public static async Task InitializeVettingAsync(this WebApplication app)
    {
        await DatabaseMigrator.MigrateAsync(app.Services);
        await WorkflowRegistration.ImportWorkflowsAsync(app.Services);
        await StoredSpecCheck.WarnAsync(app.Services);
    }
}
