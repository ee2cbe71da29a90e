using Vetting.Workflows.Activities.BuiltIn;

namespace Vetting.Workflows.Runtime;

/// <summary>
/// Join semantics. An activity with several inbound connections runs once control has arrived on every inbound
/// connection whose source is still live — active now (scheduled or suspended) or reachable from an active
/// activity without passing through the join (Elsa's WaitAllActive, which an explicit FlowJoin may also ask for).
/// A WaitAll FlowJoin needs an arrival on every inbound connection: once one of them can no longer deliver, the join
/// is skipped and its path ends there, as Elsa skips it. A WaitAny FlowJoin runs on the first arrival and cancels
/// what is still active on its other inbound branches.
/// </summary>
internal static class JoinTracker
{
    private enum Verdict
    {
        Wait,
        Run,
        Skip,
    }

    /// <summary>How <paramref name="node"/> joins its inbound branches; an activity that is not a FlowJoin joins as WaitAllActive, as in Elsa.</summary>
    public static JoinMode ModeOf(GraphNode node, WorkflowInstance instance) =>
        node.Descriptor.ClrType == typeof(FlowJoin) ? FlowJoin.ModeOf(node, instance) : JoinMode.WaitAllActive;

    public static void Arrive(WorkflowInstance instance, string target, int connectionIndex)
    {
        var token = new JoinToken(target, connectionIndex);
        if (!instance.Tokens.Contains(token))
        {
            instance.Tokens.Add(token);
        }
    }

    /// <summary>
    /// Schedules every join that no live branch can still reach; returns whether any was released. A join that
    /// holds arrivals counts as live for the joins after it (it will fire later), except when nothing else is
    /// active: then such joins can only be waiting on each other (a cycle) and are released anyway.
    /// </summary>
    public static bool ReleaseReady(WorkflowExecution execution)
    {
        var instance = execution.Instance;
        if (instance.Tokens.Count == 0)
        {
            return false;
        }

        return Release(execution, countPendingJoins: true)
               || (instance.Scheduled.Count == 0 && instance.Bookmarks.Count == 0 && Release(execution, countPendingJoins: false));
    }

    private static bool Release(WorkflowExecution execution, bool countPendingJoins)
    {
        var instance = execution.Instance;
        var graph = execution.Graph;
        var released = false;
        foreach (var target in instance.Tokens.Select(t => t.Target).Distinct().ToList())
        {
            var active = ActiveActivities(instance);
            if (countPendingJoins)
            {
                active.UnionWith(instance.Tokens.Select(t => t.Target).Where(t => t != target));
            }

            var node = graph.Node(target);
            var arrived = instance.Tokens.Where(t => t.Target == target).Select(t => t.ConnectionIndex).ToHashSet();
            var reachable = Reachable(graph, active, exclude: target);
            var missing = node.Inbound.Where(i => !arrived.Contains(i)).ToList();
            bool Live(int i) => reachable.Contains(graph.Connections[i].Source.Activity);
            Verdict verdict;
            if (ModeOf(node, instance) == JoinMode.WaitAll)
            {
                // Every forward inbound connection must deliver. A loop's back-edge is not waited for, and an arrival
                // through one re-enters the loop at once, as Elsa schedules backward connections whatever the mode.
                var backEdges = BackEdges(graph, node);
                missing.RemoveAll(backEdges.Contains);
                verdict = missing.Count == 0 || arrived.Overlaps(backEdges) ? Verdict.Run : missing.Any(Live) ? Verdict.Wait : Verdict.Skip;
            }
            else
            {
                verdict = missing.Any(Live) ? Verdict.Wait : Verdict.Run;
            }

            if (verdict == Verdict.Wait)
            {
                continue;
            }

            instance.Tokens.RemoveAll(t => t.Target == target);
            if (verdict == Verdict.Run)
            {
                FlowchartRunner.Schedule(instance, target);
            }
            else
            {
                var gone = string.Join(", ", missing.Select(i => $"'{graph.Connections[i].Source.Activity}'"));
                execution.Journal(new JournalEntry(instance.Id, JournalKinds.Activity, "Skipped", execution.Clock.GetUtcNow(), target,
                    node.Model.Type, Error: $"WaitAll join: the inbound branch from {gone} can no longer arrive"));
            }

            released = true;
        }

        return released;
    }

    /// <summary>Inbound connections of <paramref name="join"/> that close a loop: their source lies downstream of it.</summary>
    private static HashSet<int> BackEdges(WorkflowGraph graph, GraphNode join)
    {
        var id = join.Model.Id;
        var downstream = Reachable(graph, graph.Connections.Where(c => c.Source.Activity == id).Select(c => c.Target.Activity), exclude: id);
        downstream.Add(id);
        return join.Inbound.Where(i => downstream.Contains(graph.Connections[i].Source.Activity)).ToHashSet();
    }

    public static void ArriveWaitAny(WorkflowExecution execution, GraphNode join, int connectionIndex)
    {
        var instance = execution.Instance;
        if (instance.Scheduled.Contains(join.Model.Id))
        {
            return;
        }

        FlowchartRunner.Schedule(instance, join.Model.Id);
        var graph = execution.Graph;
        var losers = join.Inbound.Where(i => i != connectionIndex).Select(i => graph.Connections[i].Source.Activity);
        var ancestors = Ancestors(graph, losers, exclude: join.Model.Id);
        foreach (var id in ActiveActivities(instance).Where(ancestors.Contains).ToList())
        {
            instance.Scheduled.Remove(id);
            FlowchartRunner.RemoveBookmarks(instance, id);
            execution.Journal(new JournalEntry(instance.Id, JournalKinds.Activity, "Cancelled", execution.Clock.GetUtcNow(), id,
                graph.Node(id).Model.Type, Error: $"branch lost the race at join '{join.Model.Id}'"));
        }
    }

    private static HashSet<string> ActiveActivities(WorkflowInstance instance)
    {
        var active = new HashSet<string>(instance.Scheduled, StringComparer.Ordinal);
        foreach (var bookmark in instance.Bookmarks)
        {
            active.Add(bookmark.ActivityId);
        }

        return active;
    }

    private static HashSet<string> Reachable(WorkflowGraph graph, IEnumerable<string> from, string exclude)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(from.Where(id => id != exclude));
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            foreach (var connection in graph.Connections)
            {
                if (connection.Source.Activity == id && connection.Target.Activity != exclude)
                {
                    queue.Enqueue(connection.Target.Activity);
                }
            }
        }

        return seen;
    }

    private static HashSet<string> Ancestors(WorkflowGraph graph, IEnumerable<string> from, string exclude)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(from.Where(id => id != exclude));
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            foreach (var index in graph.Node(id).Inbound)
            {
                var source = graph.Connections[index].Source.Activity;
                if (source != exclude)
                {
                    queue.Enqueue(source);
                }
            }
        }

        return seen;
    }
}
