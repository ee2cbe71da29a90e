using Vetting.Server.Data;

namespace Vetting.Server.Agents;

public static class AgentsRegistration
{
    /// <summary>The agent's mailbox and long-poll signals, the presence rule, the way back into the workflow, the lost-agent monitor.</summary>
    public static IServiceCollection AddAgents(this IServiceCollection services)
    {
        services.AddSingleton<InstructionSignals>();
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<InstructionSignals>());
        services.AddSingleton<AgentPresence>();
        services.AddScoped<AgentMailbox>();
        services.AddScoped<RunResumer>();
        services.AddSingleton<LostAgentMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<LostAgentMonitor>());
        return services;
    }
}
