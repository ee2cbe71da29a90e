using Vetting.Server.Data;

namespace Vetting.Server.Hosts;

public static class HostsRegistration
{
    /// <summary>The SSE host events (the API itself needs nothing but the database).</summary>
    public static IServiceCollection AddHosts(this IServiceCollection services) =>
        services.AddSingleton<ICommitObserver, HostEvents>();
}
