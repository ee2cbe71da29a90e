using Stopwatch = System.Diagnostics.Stopwatch;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Activities.BuiltIn;

namespace Vetting.Workflows.Runtime;

/// <summary>
/// Advances a flowchart instance until nothing more can run now: executes scheduled activities, follows the
/// connections of their outcomes, releases joins whose live inbound branches have all arrived, and settles the
/// instance as Suspended (bookmarks remain), Finished or Faulted.
/// </summary>
/// <summary>A step exhausted its activity budget: the definition loops without ever waiting.</summary>
public sealed class WorkflowLoopException(string message) : Exception(message);

internal static class FlowchartRunner
{
    public static async ValueTask RunAsync(WorkflowExecution execution, GraphNode? resumeNode = null, ResumeContext? resume = null)
    {
        var instance = execution.Instance;
        instance.Status = WorkflowStatus.Running;
        if (resumeNode is not null)
        {
            await ExecuteAsync(execution, resumeNode, resume);
        }

        while (instance.Status == WorkflowStatus.Running)
        {
            while (instance.Scheduled.Count > 0 && instance.Status == WorkflowStatus.Running)
            {
                // Between activities: a shutdown or a cancelled request stops the step here (nothing is committed).
                execution.CancellationToken.ThrowIfCancellationRequested();
                var next = execution.Graph.Node(instance.Scheduled[0]);
                if (OverBudget(execution, next))
                {
                    break;
                }

                instance.Scheduled.RemoveAt(0);
                await ExecuteAsync(execution, next, null);
            }

            if (instance.Status != WorkflowStatus.Running || !JoinTracker.ReleaseReady(execution))
            {
                break;
            }
        }

        if (instance.Status == WorkflowStatus.Running)
        {
            instance.Status = instance.Bookmarks.Count > 0 ? WorkflowStatus.Suspended : WorkflowStatus.Finished;
        }
    }

    private static async ValueTask ExecuteAsync(WorkflowExecution execution, GraphNode node, ResumeContext? resume)
    {
        var instance = execution.Instance;
        var context = new ActivityExecutionContext(execution, node.Model);
        var started = execution.Clock.GetUtcNow();
        var timestamp = Stopwatch.GetTimestamp();
        if (resume is null)
        {
            // A re-executed activity (a loop) starts clean: stale bookmarks of its previous run must not fire.
            RemoveBookmarks(instance, node.Model.Id);
        }

        instance.LastActivityId = node.Model.Id;
        try
        {
            var activity = node.Descriptor.Factory();
            foreach (var binding in node.Inputs)
            {
                binding.Input.Setter(activity, binding.Evaluate(instance));
            }

            if (resume is null)
            {
                await activity.ExecuteAsync(context);
            }
            else
            {
                await activity.ResumeAsync(context, resume);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !execution.CancellationToken.IsCancellationRequested)
        {
            Fault(execution, node, e, started, Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds);
            return;
        }

        var duration = Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds;
        if (context.IsCompleted || context.BookmarksCreated == 0)
        {
            RemoveBookmarks(instance, node.Model.Id);
            var outcomes = context.Outcomes;
            execution.Journal(new JournalEntry(instance.Id, JournalKinds.Activity, "Completed", started, node.Model.Id, node.Model.Type,
                outcomes.Count == 1 ? outcomes[0] : string.Join(",", outcomes), duration));
            foreach (var outcome in outcomes)
            {
                Follow(execution, node, outcome);
            }
        }
        else
        {
            execution.Journal(new JournalEntry(instance.Id, JournalKinds.Activity, "Suspended", started, node.Model.Id, node.Model.Type,
                DurationMs: duration));
        }
    }

    private static void Follow(WorkflowExecution execution, GraphNode node, string outcome)
    {
        var graph = execution.Graph;
        foreach (var index in graph.Outgoing(node.Model.Id, outcome))
        {
            var target = graph.Node(graph.Connections[index].Target.Activity);
            if (JoinTracker.ModeOf(target, execution.Instance) == JoinMode.WaitAny)
            {
                JoinTracker.ArriveWaitAny(execution, target, index);
            }
            else if (target.Inbound.Count <= 1)
            {
                Schedule(execution.Instance, target.Model.Id);
            }
            else
            {
                JoinTracker.Arrive(execution.Instance, target.Model.Id, index);
            }
        }
    }

    /// <summary>
    /// Counts the execution of <paramref name="next"/>; past the step's budget the instance faults with an incident
    /// that names the activities that ran most: the loop that never waits.
    /// </summary>
    private static bool OverBudget(WorkflowExecution execution, GraphNode next)
    {
        var total = execution.Executed;
        if (total < execution.MaxActivities)
        {
            execution.Executed++;
            execution.Executions[next.Model.Id] = execution.Executions.GetValueOrDefault(next.Model.Id) + 1;
            return false;
        }

        var loop = string.Join(", ", execution.Executions.OrderByDescending(e => e.Value).Take(5).Select(e => $"'{e.Key}' {e.Value}×"));
        Fault(execution, next, new WorkflowLoopException(
            $"the workflow ran {total} activities in one step without waiting for anything, so it loops forever: {loop}; "
            + "give the loop an exit or make it wait (a Delay or an activity that suspends)"),
            execution.Clock.GetUtcNow(), 0, allowFaultedPort: false);
        return true;
    }

    internal static void Schedule(WorkflowInstance instance, string activityId)
    {
        if (!instance.Scheduled.Contains(activityId))
        {
            instance.Scheduled.Add(activityId);
        }
    }

    internal static void RemoveBookmarks(WorkflowInstance instance, string activityId) =>
        instance.Bookmarks.RemoveAll(b => b.ActivityId == activityId);

    private static void Fault(WorkflowExecution execution, GraphNode node, Exception error, DateTimeOffset started, double duration,
        bool allowFaultedPort = true)
    {
        var instance = execution.Instance;
        var message = error.Message;
        var handled = allowFaultedPort && execution.Graph.HasConnection(node.Model.Id, Activity.FaultedOutcome);
        execution.Journal(new JournalEntry(instance.Id, JournalKinds.Activity, "Faulted", started, node.Model.Id, node.Model.Type,
            handled ? Activity.FaultedOutcome : null, duration, message));
        RemoveBookmarks(instance, node.Model.Id);
        if (handled)
        {
            instance.Outputs[node.Model.Id] = System.Text.Json.JsonSerializer.SerializeToElement(
                new { error = message, exceptionType = error.GetType().Name }, Definitions.WorkflowJson.Compact);
            Follow(execution, node, Activity.FaultedOutcome);
            return;
        }

        instance.Status = WorkflowStatus.Faulted;
        instance.Incidents.Add(new Incident(node.Model.Id, node.Model.Type, message, error.GetType().FullName, execution.Clock.GetUtcNow()));
        instance.Scheduled.Clear();
        instance.Bookmarks.Clear();
        instance.Tokens.Clear();
        execution.JournalInstance("Faulted", $"{node.Model.Id}: {message}");
    }
}
