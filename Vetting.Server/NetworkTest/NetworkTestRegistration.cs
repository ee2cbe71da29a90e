using Vetting.Server.Configuration;
using Vetting.Server.Health;

namespace Vetting.Server.NetworkTest;

public static class NetworkTestRegistration
{
    /// <summary>The supervised iperf3 server the network stage measures against, when <c>network_test.enabled</c>.</summary>
    public static IServiceCollection AddNetworkTest(this IServiceCollection services, NetworkTestOptions options)
    {
        if (options.Enabled)
        {
            services.AddSingleton<Iperf3Server>();
            services.AddSingleton<IHealthContributor>(sp => sp.GetRequiredService<Iperf3Server>());
            services.AddHostedService(sp => sp.GetRequiredService<Iperf3Server>());
        }

        return services;
    }
}
