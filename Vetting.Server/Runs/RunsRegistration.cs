using Vetting.Activities.Ports;
using Vetting.Server.Data;

namespace Vetting.Server.Runs;

public static class RunsRegistration
{
    /// <summary>The run lifecycle and what hangs off a run (log, artifacts, hold keys), the activities' gateway, operator control, the scheduler and the SSE run events.</summary>
    public static IServiceCollection AddRuns(this IServiceCollection services)
    {
        services.AddSingleton<RunLog>();
        services.AddSingleton<RunProgress>();
        services.AddSingleton<HoldKeys>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<StageParameters>();
        services.AddScoped<RunLifecycle>();
        services.AddScoped<RunStages>();
        services.AddScoped<SpecCheck>();
        services.AddScoped<RunHold>();
        services.AddScoped<RunControl>();
        services.AddScoped<RunGateway>();
        services.AddScoped<IRunGateway>(sp => sp.GetRequiredService<RunGateway>());
        services.AddSingleton<RunScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<RunScheduler>());
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<RunScheduler>());
        services.AddSingleton<RunEvents>();
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<RunEvents>());
        return services;
    }
}
