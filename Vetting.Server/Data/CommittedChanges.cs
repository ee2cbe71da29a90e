using Vetting.Server.Agents;
using Vetting.Server.Hosts;
using Vetting.Server.Runs;

namespace Vetting.Server.Data;

/// <summary>What one successful SaveChanges wrote, as the features that react to commits see it.</summary>
/// <param name="InstructionRuns">Runs that got a new or changed agent instruction.</param>
/// <param name="Runs">Runs whose visible data changed (agent bookkeeping alone does not count), with the states they passed through.</param>
/// <param name="Hosts">Hosts added, changed or deleted.</param>
/// <param name="RunStateChanged">A run was added or changed state.</param>
/// <param name="NetworkStageMoved">A network stage's instruction was handed out, answered, withdrawn or handed back: the
/// site's iperf3 port may have changed hands.</param>
public sealed record CommittedChanges(
    IReadOnlySet<int> InstructionRuns,
    IReadOnlyList<CommittedRun> Runs,
    IReadOnlyList<RegisteredHost> Hosts,
    bool RunStateChanged,
    bool NetworkStageMoved = false)
{
    /// <summary>A slot, the iperf3 port or a MAC's boot permission may have changed hands.</summary>
    public bool SharedResourcesMoved => InstructionRuns.Count > 0 || RunStateChanged;
}

/// <summary>A committed run and each state it passed through in that commit (one step can cross several: Reporting → Passed).</summary>
public sealed record CommittedRun(Run Run, IReadOnlyList<string> States);

/// <summary>A feature that reacts to committed data (wakes a loop, signals a long poll, publishes an event). Must not throw or block.</summary>
public interface ICommitObserver
{
    void OnCommitted(CommittedChanges changes);

    /// <summary>
    /// True for an observer that announces the commit (an SSE event). Those are told first: an observer that wakes
    /// other work (the scheduler, a long poll) could otherwise let that work commit and announce the run's next state
    /// before this commit's state was announced, and a page would go back to the older one.
    /// </summary>
    bool Announces => false;
}
