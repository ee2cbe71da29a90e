using Vetting.Server.Configuration;
using Vetting.Server.Health;

namespace Vetting.Server.Pxe;

/// <summary>dnsmasq's state on /healthz: unhealthy only when supervision is on and dnsmasq is not running.</summary>
public sealed class DnsmasqHealth(DnsmasqSupervisor supervisor, PxeOptions options) : IHealthContributor
{
    public string Name => "dnsmasq";

    public (bool Healthy, object Detail) Check()
    {
        var state = supervisor.State;
        var healthy = !options.Enabled || state.Status is DnsmasqStatus.Running or DnsmasqStatus.Starting;
        return (healthy, new { status = state.Status.ToString().ToLowerInvariant(), pid = state.Pid, error = state.LastError, restarts = state.Restarts });
    }
}
