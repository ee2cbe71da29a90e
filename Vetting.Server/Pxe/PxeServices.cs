using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vetting.Activities.Ports;
using Vetting.Server.Data;
using Vetting.Server.Health;

namespace Vetting.Server.Pxe;

public static class PxeServices
{
    /// <summary>WoL, the PXE allow-list and its sync with the runs, the dnsmasq supervisor (idle unless <c>pxe.enabled</c>) and its health.
    /// Expects the option classes to be bound by the configuration feature.</summary>
    public static IServiceCollection AddVettingPxe(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IWakeOnLan, WakeOnLanSender>();
        services.AddSingleton<PxeAllowList>();
        services.AddSingleton<DnsmasqSupervisor>();
        services.AddHostedService(provider => provider.GetRequiredService<DnsmasqSupervisor>());
        services.AddSingleton<IHealthContributor, DnsmasqHealth>();
        services.AddSingleton<PxeAllowListSync>();
        services.AddHostedService(provider => provider.GetRequiredService<PxeAllowListSync>());
        services.AddSingleton<ICommitObserver>(provider => provider.GetRequiredService<PxeAllowListSync>());
        return services;
    }
}
