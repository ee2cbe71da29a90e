using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vetting.Activities.Ports;

namespace Vetting.Server.Pxe;

public static class PxeServices
{
    /// <summary>WoL, the PXE allow-list and the dnsmasq supervisor (idle unless <c>pxe.enabled</c>).
    /// Expects the option classes to be bound by the configuration feature.</summary>
    public static IServiceCollection AddVettingPxe(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IWakeOnLan, WakeOnLanSender>();
        services.AddSingleton<PxeAllowList>();
        services.AddSingleton<DnsmasqSupervisor>();
        services.AddHostedService(provider => provider.GetRequiredService<DnsmasqSupervisor>());
        return services;
    }
}
