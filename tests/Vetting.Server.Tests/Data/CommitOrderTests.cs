using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Agents;
using Vetting.Server.Data;
using Vetting.Server.Events;
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

    /// <summary>
    /// The transaction a save opens for itself commits before the new rows' generated keys are on their entities; a
    /// new host or run announced at that commit went out as id 0, and a page never matched it to its tile.
    /// </summary>
    [Fact]
    public async Task A_new_host_and_a_new_run_are_announced_with_their_ids()
    {
        using var app = new VettingApp();
        var client = app.CreateClient();
        using var live = app.Service<EventHub>().Subscribe(null);

        var hostId = await app.CreateHostAsync(client);
        var runId = await VettingApp.StartRunAsync(client, hostId);

        var frames = new List<string>();
        while (live.Live.TryRead(out var e))
        {
            frames.Add(Encoding.UTF8.GetString(e.Frame.Span));
        }

        Assert.Contains(frames, f => f.Contains("event: host", StringComparison.Ordinal) && f.Contains($"\"id\":{hostId},", StringComparison.Ordinal));
        Assert.Contains(frames, f => f.Contains("event: run", StringComparison.Ordinal) && f.Contains($"\"id\":{runId},", StringComparison.Ordinal)
                                     && f.Contains("\"state\":\"Queued\"", StringComparison.Ordinal));
        Assert.DoesNotContain(frames, f => f.Contains("\"id\":0,", StringComparison.Ordinal));
    }
}
