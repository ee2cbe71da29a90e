using System.Text;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vetting.Server.Data;
using Vetting.Server.Events;
using Vetting.Server.Hosts;
using Vetting.Server.Runs;

namespace Vetting.Server.Tests.Events;

/// <summary>
/// A commit is visible before it is announced, so two commits of one run can be announced in the wrong order (the
/// scheduler's WaitingWoL after the Booting of a node that saw it). The run's stamp puts them right.
/// </summary>
public sealed class RunEventOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly FakeTimeProvider Clock = new(Now);
    private readonly EventHub _hub = new(Options.Create(new EventHubOptions()), Options.Create(new JsonOptions()), Clock, NullLogger<EventHub>.Instance);
    private readonly RunProgress _progress;
    private readonly RunEvents _events;

    public RunEventOrderTests()
    {
        _progress = new RunProgress(_hub, Clock);
        _events = new RunEvents(_hub, _progress, NullLogger<RunEvents>.Instance);
    }

    private static Run RunIn(int id, string state, int stamp)
    {
        var run = Run.Queue(new RegisteredHost { Id = 1, Name = "node-1" }, "quick", "vetting", Now);
        run.Id = id;
        run.MoveTo(state, Now);
        run.Stamp = stamp;
        return run;
    }

    private static CommittedChanges Commit(Run run, params string[] states) => new(new HashSet<int>(), [new CommittedRun(run, states)], [], true);

    private static List<string> Announced(EventSubscription live)
    {
        var seen = new List<string>();
        while (live.Live.TryRead(out var e))
        {
            var frame = Encoding.UTF8.GetString(e.Frame.Span);
            seen.Add(frame[(frame.IndexOf("\"state\":\"", StringComparison.Ordinal) + 9)..].Split('"')[0]);
        }

        return seen;
    }

    [Fact]
    public void An_announcement_older_than_the_last_of_its_run_is_left_out()
    {
        var events = _events;
        using var live = _hub.Subscribe(null);

        events.OnCommitted(Commit(RunIn(7, "Queued", 1), "Queued"));
        events.OnCommitted(Commit(RunIn(7, "Booting", 3), "Booting"));
        events.OnCommitted(Commit(RunIn(7, "WaitingWoL", 2), "WaitingWoL"));
        events.OnCommitted(Commit(RunIn(8, "WaitingWoL", 2), "WaitingWoL"));
        events.OnCommitted(Commit(RunIn(7, "Passed", 3), "Reporting", "Passed"));

        Assert.Equal(["Queued", "Booting", "WaitingWoL", "Reporting", "Passed"], Announced(live));
    }

    [Fact]
    public void The_check_forgets_the_oldest_runs_first_and_only_them()
    {
        var events = _events;
        for (var id = 1; id <= RunEvents.Remembered + 1; id++)
        {
            events.OnCommitted(Commit(RunIn(id, "Booting", 5), "Booting"));
        }

        using var live = _hub.Subscribe(null);
        // Run 2 is still remembered; run 1 (the oldest) was forgotten, so its stale change goes out.
        events.OnCommitted(Commit(RunIn(2, "WaitingWoL", 4), "WaitingWoL"));
        events.OnCommitted(Commit(RunIn(1, "WaitingWoL", 4), "WaitingWoL"));

        Assert.Equal(["WaitingWoL"], Announced(live));
    }

    private static RunEventDto Relayed(int id, string state, int? stamp) => new(id, 1, "node-1", state, "quick", Now, null, null, null, stamp);

    [Fact]
    public void Changes_relayed_from_another_orchestrator_and_made_here_go_out_in_the_order_of_their_stamps()
    {
        using var live = _hub.Subscribe(null);

        // Queued at this orchestrator (stamp 1), driven by the other site's: its WaitingWoL (2) and Booting (3) are
        // relayed, and the other orchestrator's relay sent Booting before WaitingWoL.
        _events.OnCommitted(Commit(RunIn(7, "Queued", 1), "Queued"));
        _events.AcceptRelayed(Relayed(7, "Booting", 3));
        _events.AcceptRelayed(Relayed(7, "WaitingWoL", 2));
        // Cancelled here while the other site's Inventory (4) is still on its way.
        _events.OnCommitted(Commit(RunIn(7, "Cancelled", 5), "Cancelled"));
        _events.AcceptRelayed(Relayed(7, "Inventory", 4));
        // Another run's relayed events are its own.
        _events.AcceptRelayed(Relayed(8, "Queued", 0));

        Assert.Equal(["Queued", "Booting", "Cancelled", "Queued"], Announced(live));
    }

    [Fact]
    public void A_run_that_ends_here_or_at_another_orchestrator_drops_its_progress()
    {
        var beat = new Vetting.Protocol.HeartbeatRequest { Percent = 40 };
        _progress.Report(7, "cpu", beat);
        _progress.Report(8, "memory", beat);
        _progress.Report(9, "storage", beat);

        _events.OnCommitted(Commit(RunIn(7, "Passed", 6), "Reporting", "Passed"));
        _events.AcceptRelayed(Relayed(8, "Failed", 6));
        _events.AcceptRelayed(Relayed(9, "Network", 6));

        Assert.Equal([9], _progress.HeldRuns);
    }

    [Fact]
    public void A_forged_relayed_stamp_holds_back_only_relayed_events_of_its_run_never_this_processs_own()
    {
        using var live = _hub.Subscribe(null);

        _events.OnCommitted(Commit(RunIn(7, "Queued", 1), "Queued"));
        // Anyone who can NOTIFY on the database can claim any stamp.
        _events.AcceptRelayed(Relayed(7, "Booting", int.MaxValue));
        _events.OnCommitted(Commit(RunIn(7, "Cancelled", 2), "Cancelled"));
        _events.AcceptRelayed(Relayed(7, "Inventory", 3));

        Assert.Equal(["Queued", "Booting", "Cancelled"], Announced(live));
    }

    [Fact]
    public void An_event_relayed_without_a_stamp_by_an_older_orchestrator_is_published_unchecked()
    {
        using var live = _hub.Subscribe(null);

        _events.OnCommitted(Commit(RunIn(7, "Booting", 4), "Booting"));
        _events.AcceptRelayed(Relayed(7, "Inventory", null));
        _events.AcceptRelayed(Relayed(7, "Cpu", null));

        Assert.Equal(["Booting", "Inventory", "Cpu"], Announced(live));
    }
}
