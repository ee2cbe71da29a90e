namespace Vetting.Workflows.Definitions;

/// <summary>
/// Where a flowchart starts, chosen in the order Elsa 3's <c>Flowchart.GetStartActivity</c> uses: the flowchart's
/// <c>start</c>, else an <c>Elsa.Start</c> activity, else an activity marked <c>canStartWorkflow</c>, else an activity
/// without inbound connections, else the first activity. Elsa takes the first candidate of a rule without complaint;
/// we take the same one but say so in <see cref="Warning"/> when the rule had several candidates, or none applied.
/// </summary>
public sealed record StartActivity(string Id, string? Warning)
{
    private const string StartTypeName = "Elsa.Start";

    /// <summary>The start, or null when there is none: the flowchart is empty, or its <c>start</c> names no activity.</summary>
    public static StartActivity? Find(WorkflowDefinition definition)
    {
        var root = definition.Root;
        if (root.Start is { } start)
        {
            return root.Activities.Any(a => a.Id == start) ? new StartActivity(start, null) : null;
        }

        if (root.Activities.Count == 0)
        {
            return null;
        }

        var targets = root.Connections.Select(c => c.Target.Activity).ToHashSet(StringComparer.Ordinal);
        return FirstOf(root.Activities.Where(a => a.Type == StartTypeName), $"{StartTypeName} activities")
               ?? FirstOf(root.Activities.Where(a => a.StartsWorkflow), "activities marked canStartWorkflow")
               ?? FirstOf(root.Activities.Where(a => !targets.Contains(a.Id)), "activities without inbound connections")
               ?? new StartActivity(root.Activities[0].Id,
                   $"no start activity is marked and every activity has inbound connections: starting at the first one, '{root.Activities[0].Id}'");
    }

    private static StartActivity? FirstOf(IEnumerable<ActivityNode> candidates, string what)
    {
        var ids = candidates.Select(a => a.Id).ToList();
        return ids.Count switch
        {
            0 => null,
            1 => new StartActivity(ids[0], null),
            _ => new StartActivity(ids[0], $"several {what} ({string.Join(", ", ids.Select(id => $"'{id}'"))}): starting at the first one, '{ids[0]}'; set the flowchart's 'start' or mark exactly one activity canStartWorkflow"),
        };
    }
}
