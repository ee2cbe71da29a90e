using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Agents;
using Vetting.Server.Data;
using Vetting.Server.Hosts;
using Vetting.Server.Runs;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Data;

public sealed class CommitOrderTests
{
    /// <summary>
    /// The scheduler, once woken, can start the run, commit its next state and announce it before the request that
    /// queued it has announced Queued, unless the events go out first; a page would then show the run going back.
    /// </summary>
    [Fact]
    public void A_commit_is_announced_before_the_work_it_wakes_can_commit_the_next()
    {
        using var app = new VettingApp();

        var order = CommitPublisher.InOrder(app.Services.GetServices<ICommitObserver>());

        var names = order.Select(o => o.GetType().Name).ToList();
        Assert.Equal([true, true], [.. order.Take(2).Select(o => o.Announces)]);
        Assert.Equal([nameof(HostEvents), nameof(RunEvents)], names.Take(2).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(order.Skip(2), o => o.Announces);
        Assert.Contains(nameof(RunScheduler), names);
        Assert.Contains(nameof(InstructionSignals), names);
    }
}
