using System.Text.Json.Nodes;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Server.Designer;

/// <summary>
/// Our journal (one line per activity run: Completed, Suspended, Faulted, Cancelled; plus instance events) as Elsa's
/// activity executions, journal records and per-node counters. An activity that suspended and was later resumed is
/// one execution, as in Elsa. Node ids come from <see cref="ElsaDefinitionModel.NodeIds"/>, the same the editor shows.
/// </summary>
internal sealed class ElsaJournal
{
    private readonly List<Execution> _executions = [];
    private readonly List<ElsaJournalRecordDto> _records = [];

    private ElsaJournal() { }

    public IReadOnlyList<ElsaJournalRecordDto> Records => _records;

    public static ElsaJournal Build(WorkflowInstance instance, WorkflowDefinition? definition, IReadOnlyList<JournalEntry> entries)
    {
        var nodeIds = definition is null ? new Dictionary<string, string>() : ElsaDefinitionModel.NodeIds(definition);
        var names = definition?.Root.Activities.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal) ?? [];
        var rootId = definition?.Root.Id ?? "flowchart";
        var rootNode = definition is null ? rootId : ElsaDefinitionModel.RootNodeId(definition);
        var journal = new ElsaJournal();
        var open = new Dictionary<string, Execution>(StringComparer.Ordinal);
        Execution? root = null;
        var sequence = 0L;

        void Record(Execution? execution, string activityId, string type, string nodeId, DateTimeOffset at, string eventName, string? message, JsonObject? payload) =>
            journal._records.Add(new ElsaJournalRecordDto($"{instance.Id}:{sequence}", execution?.Id ?? $"{instance.Id}:{rootId}", execution is null ? null : $"{instance.Id}:{rootId}",
                activityId, type, 1, execution is null ? null : names.GetValueOrDefault(activityId), nodeId, at, sequence++, eventName, message, null, null, payload));

        foreach (var entry in entries)
        {
            if (entry.Kind == JournalKinds.Instance)
            {
                // The flowchart itself is one execution from Started to Finished, Faulted or Cancelled, as in Elsa.
                var eventName = entry.Event == "Finished" ? "Completed" : entry.Event;
                if (root is null)
                {
                    root = new Execution($"{instance.Id}:{rootId}", rootId, rootNode, FlowchartModel.TypeName, null, entry.Timestamp);
                    journal._executions.Insert(0, root);
                }

                (root.Status, root.HasBookmarks) = entry.Event switch
                {
                    "Finished" => ("Completed", false),
                    "Faulted" => ("Faulted", false),
                    "Cancelled" => ("Canceled", false),
                    "Suspended" => ("Running", true),
                    _ => ("Running", false),
                };
                if (root.Status != "Running")
                    root.CompletedAt = entry.Timestamp;
                if (entry.Event == "Faulted")
                    (root.Error, root.FaultCount) = (entry.Error, root.FaultCount + 1);
                Record(null, rootId, FlowchartModel.TypeName, rootNode, entry.Timestamp, eventName, entry.Error, null);
                continue;
            }

            var id = entry.ActivityId ?? "";
            var nodeId = nodeIds.GetValueOrDefault(id, $"{rootNode}:{id}");
            var type = entry.ActivityType ?? "";
            var ended = entry.Timestamp.AddMilliseconds(entry.DurationMs ?? 0);
            if (entry.Event == "Cancelled")
            {
                if (open.Remove(id, out var cancelled))
                {
                    cancelled.Status = "Canceled";
                    cancelled.CompletedAt = entry.Timestamp;
                    cancelled.HasBookmarks = false;
                }

                Record(cancelled, id, type, nodeId, entry.Timestamp, "Canceled", null, null);
                continue;
            }

            var resumed = open.Remove(id, out var execution);
            if (execution is null)
            {
                execution = new Execution($"{instance.Id}:{journal._executions.Count}", id, nodeId, type, names.GetValueOrDefault(id), entry.Timestamp);
                journal._executions.Add(execution);
            }

            Record(execution, id, type, nodeId, entry.Timestamp, resumed ? "Resumed" : "Started", null, null);
            switch (entry.Event)
            {
                case "Completed":
                    execution.Status = "Completed";
                    execution.CompletedAt = ended;
                    execution.HasBookmarks = false;
                    execution.Outcome = entry.Outcome;
                    Record(execution, id, type, nodeId, ended, "Completed", null,
                        entry.Outcome is null ? null : new JsonObject { ["outcomes"] = new JsonArray([.. entry.Outcome.Split(',').Select(o => (JsonNode)o)]) });
                    break;
                case "Suspended":
                    execution.Status = "Running";
                    execution.HasBookmarks = true;
                    open[id] = execution;
                    Record(execution, id, type, nodeId, ended, "Suspended", null, null);
                    break;
                case "Faulted":
                    execution.Status = "Faulted";
                    execution.CompletedAt = ended;
                    execution.HasBookmarks = false;
                    execution.Error = entry.Error;
                    execution.FaultCount++;
                    Record(execution, id, type, nodeId, ended, "Faulted", entry.Error, null);
                    break;
            }
        }

        return journal;
    }

    public IEnumerable<ElsaActivityExecutionDto> Executions(string instanceId) => _executions.Select(e => new ElsaActivityExecutionDto(
        e.Id, instanceId, e.ActivityId, e.NodeId, e.Type, 1, e.Name, null,
        e.Outcome is null ? null : new JsonObject { ["outcomes"] = new JsonArray([.. e.Outcome.Split(',').Select(o => (JsonNode)o)]) },
        null, null, null, e.Error is null ? null : new ElsaExceptionDto("ActivityFault", e.Error, null),
        e.StartedAt, e.HasBookmarks, e.Status, e.CompletedAt, e.FaultCount));

    public IEnumerable<ElsaActivityExecutionSummaryDto> Summaries(string instanceId) => _executions.Select(e => new ElsaActivityExecutionSummaryDto(
        e.Id, instanceId, e.ActivityId, e.NodeId, e.Type, 1, e.Name, e.StartedAt, e.HasBookmarks, e.Status, e.CompletedAt, e.FaultCount, null));

    /// <summary>Elsa's per-node counters; blocked means the activity waits on a bookmark now.</summary>
    public ElsaActivityStatsDto Stats(string activityId, string nodeId, WorkflowInstance instance)
    {
        var runs = _executions.Where(e => e.NodeId == nodeId).ToList();
        var completed = runs.Count(e => e.Status == "Completed");
        return new ElsaActivityStatsDto(activityId, nodeId, runs.Count, completed, runs.Count - completed,
            instance.Bookmarks.Any(b => b.ActivityId == activityId), runs.Any(e => e.Status == "Faulted"));
    }

    internal sealed record LoadedInstance(WorkflowInstance Instance, IReadOnlyDictionary<string, string> NodeIds, ElsaJournal Journal);

    /// <summary>An instance with its definition's node ids and its journal as Elsa sees it; null when there is no such instance.</summary>
    public static async Task<LoadedInstance?> LoadAsync(string id, WorkflowRuntime runtime, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (await runtime.FindAsync(id, cancellationToken) is not { } instance)
            return null;
        var definition = await definitions.FindByIdAsync(instance.DefinitionVersionId, cancellationToken);
        var journal = ElsaJournal.Build(instance, definition, await runtime.GetJournalAsync(id, cancellationToken));
        return new LoadedInstance(instance, definition is null ? new Dictionary<string, string>() : ElsaDefinitionModel.NodeIds(definition), journal);
    }

    private sealed class Execution(string id, string activityId, string nodeId, string type, string? name, DateTimeOffset startedAt)
    {
        public string Id { get; } = id;
        public string ActivityId { get; } = activityId;
        public string NodeId { get; } = nodeId;
        public string Type { get; } = type;
        public string? Name { get; } = name;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public string Status { get; set; } = "Running";
        public DateTimeOffset? CompletedAt { get; set; }
        public bool HasBookmarks { get; set; }
        public string? Outcome { get; set; }
        public string? Error { get; set; }
        public int FaultCount { get; set; }
    }
}
