using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vetting.Activities.Ports;
using Vetting.Server.Pxe;

namespace Vetting.Server.Tests.Pxe;

public sealed class PxeServicesTests
{
    [Fact]
    public void The_hosted_supervisor_is_the_one_healthz_can_ask_for_its_state()
    {
        using var provider = new ServiceCollection().AddLogging().AddOptions().AddVettingPxe().BuildServiceProvider();

        Assert.IsType<WakeOnLanSender>(provider.GetRequiredService<IWakeOnLan>());
        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.Same(provider.GetRequiredService<DnsmasqSupervisor>(), Assert.Single(hosted.OfType<DnsmasqSupervisor>()));
        Assert.Single(hosted.OfType<PxeAllowListSync>());
        Assert.Equal(DnsmasqStatus.Disabled, provider.GetRequiredService<DnsmasqSupervisor>().State.Status);
    }
}
