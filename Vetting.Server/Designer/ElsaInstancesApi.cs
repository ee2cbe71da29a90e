using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Vetting.Activities.Steps;
using Vetting.Server.Configuration;
using Vetting.Server.Http;
using Vetting.Server.Runs;
using Vetting.Workflows.Persistence;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Server.Designer;

/// <summary>
/// Elsa 3's instance endpoints over our instance store and journal: the instance list, the viewer's instance, journal,
/// per-activity report, executions, variables and the execution state Studio polls while an instance runs.
/// Starting or cancelling instances from Studio is not offered: runs start from the dashboard, which owns the host.
/// </summary>
internal static class ElsaInstancesApi
{
    public static RouteGroupBuilder MapElsaInstances(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-instances", ListAsync);
        api.MapGet("/workflow-instances", ListFromQueryAsync);
        api.MapGet("/workflow-instances/{id}", GetAsync);
        api.MapGet("/workflow-instances/{id}/execution-state", ExecutionStateAsync);
        api.MapGet("/workflow-instances/{id}/variables", VariablesAsync);
        api.MapPost("/workflow-instances/{id}/journal", JournalAsync);
        api.MapGet("/workflow-instances/{id}/journal", JournalFromQueryAsync);
        api.MapGet("/workflow-instances/{id}/updated-at", async (string id, WorkflowRuntime runtime, CancellationToken ct) =>
            await runtime.FindAsync(id, ct) is { } instance
                ? (Results<Ok<ElsaUpdatedAtDto>, ProblemHttpResult>)TypedResults.Ok(new ElsaUpdatedAtDto(instance.UpdatedAt))
                : NotFound(id));
        api.MapPost("/cancel/workflow-instances/{id}", CancelAsync);
        api.MapPost("/bulk-actions/cancel/workflow-instances", () => Problems.Refused("workflowInstance",
            "Cancel runs one at a time (here or on the dashboard): each cancel powers its node off and writes its report."));
        api.MapDelete("/workflow-instances/{id}", (string id) => Problems.Refused("workflowInstance",
            $"Instance '{id}' is kept: it is the record of its run. Run logs and artifacts are pruned by retention (docs/operations.md)."));
        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", () => Problems.Refused("workflowInstance",
            "Instances are kept: each is the record of its run. Run logs and artifacts are pruned by retention (docs/operations.md)."));
        api.MapPost("/workflow-definitions/{definitionId}/execute", (string definitionId) => Problems.Refused("workflow",
            $"Runs of '{definitionId}' start from the dashboard (Start Vetting on a host), which gives the run its host and profile."));
        return api;
    }

    private static async Task<Results<Ok<ElsaPageDto<ElsaInstanceSummaryDto>>, ProblemHttpResult>> ListAsync(JsonObject? body,
        IWorkflowInstanceStore store, CancellationToken cancellationToken)
    {
        body ??= [];
        var paging = ElsaQuery.Page(ElsaQuery.Text(body["page"]), ElsaQuery.Text(body["pageSize"]));
        if (paging.Problem is { } problem)
            return problem;
        // Each kind of filter narrows the others, as in Elsa: statuses AND sub-statuses AND incidents.
        var statuses = Enum.GetValues<WorkflowStatus>().ToHashSet();
        foreach (var (field, one, parse) in new (string, string, Func<string, WorkflowStatus[]?>)[]
                 { ("statuses", "status", ParseStatus), ("subStatuses", "subStatus", ParseSubStatus) })
        {
            var wanted = ElsaQuery.Strings(body[field]).Concat(ElsaQuery.Strings(body[one])).ToList();
            if (wanted.Count == 0)
                continue;
            var allowed = new HashSet<WorkflowStatus>();
            foreach (var text in wanted)
            {
                if (parse(text) is not { } parsed)
                    return Problems.Field(field, $"'{SafeText.Excerpt(text, 30)}' is not an instance {(field == "statuses" ? "status (Running, Finished)" : "sub-status (Pending, Executing, Suspended, Finished, Cancelled, Faulted)")}");
                allowed.UnionWith(parsed);
            }

            statuses.IntersectWith(allowed);
        }

        var definitionIds = ElsaQuery.Strings(body["definitionIds"]).ToList();
        if (ElsaQuery.Text(body["definitionId"]) is { Length: > 0 } single)
            definitionIds.Add(single);
        var versions = new List<int>();
        // Incidents only come with a fault here: an instance that faults records one, nothing else does.
        if (body["hasIncidents"] is JsonValue incidents && incidents.TryGetValue<bool>(out var hasIncidents))
        {
            if (hasIncidents)
                statuses.IntersectWith([WorkflowStatus.Faulted]);
            else
                statuses.Remove(WorkflowStatus.Faulted);
        }

        if (statuses.Count == 0)
            return TypedResults.Ok(new ElsaPageDto<ElsaInstanceSummaryDto>([], 0, []));
        foreach (var version in ElsaQuery.Strings(body["versions"]).Concat(ElsaQuery.Strings(body["version"])))
        {
            if (!int.TryParse(version, out var v))
                return Problems.Field("versions", $"'{version}' is not a version number");
            versions.Add(v);
        }

        var order = (ElsaQuery.Text(body["orderBy"]) ?? "").ToLowerInvariant() switch
        {
            "updated" or "updatedat" or "lastexecuted" => InstanceOrder.UpdatedAt,
            "finished" or "finishedat" => InstanceOrder.FinishedAt,
            _ => InstanceOrder.CreatedAt,
        };
        var query = new WorkflowInstanceQuery
        {
            DefinitionIds = definitionIds,
            Statuses = statuses.Count == Enum.GetValues<WorkflowStatus>().Length ? null : statuses,
            Versions = versions,
            CorrelationId = ElsaQuery.Text(body["correlationId"]) is { Length: > 0 } correlation ? correlation : null,
            SearchTerm = ElsaQuery.Text(body["searchTerm"]),
            OrderBy = order,
            Ascending = string.Equals(ElsaQuery.Text(body["orderDirection"]), "Ascending", StringComparison.OrdinalIgnoreCase),
            Skip = paging.Skip,
            Take = paging.Take == int.MaxValue ? ElsaQuery.MaxPageSize : paging.Take,
        };
        var page = await store.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new ElsaPageDto<ElsaInstanceSummaryDto>([.. page.Items.Select(Summary)], page.TotalCount, []));
    }

    private static Task<Results<Ok<ElsaPageDto<ElsaInstanceSummaryDto>>, ProblemHttpResult>> ListFromQueryAsync(HttpRequest request,
        IWorkflowInstanceStore store, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        foreach (var (key, value) in request.Query.Where(q => q.Key.Length > 0))
        {
            var name = char.ToLowerInvariant(key[0]) + key[1..];
            body[name] = name is "statuses" or "subStatuses" or "definitionIds" or "versions"
                ? new JsonArray([.. value.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(v => (JsonNode)v)])
                : value.ToString();
        }

        return ListAsync(body, store, cancellationToken);
    }

    private static async Task<Results<Ok<ElsaInstanceDto>, ProblemHttpResult>> GetAsync(string id, WorkflowRuntime runtime,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (await runtime.FindAsync(id, cancellationToken) is not { } instance)
            return NotFound(id);
        var definition = await definitions.FindByIdAsync(instance.DefinitionVersionId, cancellationToken);
        var nodeIds = definition is null ? new Dictionary<string, string>() : ElsaDefinitionModel.NodeIds(definition);
        var (status, subStatus) = Status(instance.Status);
        var state = new ElsaWorkflowStateDto(instance.Id, instance.DefinitionId, instance.Version, instance.DefinitionVersionId, instance.CorrelationId,
            status, subStatus,
            [.. instance.Bookmarks.Select(b => new ElsaBookmarkDto(b.Id, b.Name, b.Hash, b.Payload, b.ActivityId, nodeIds.GetValueOrDefault(b.ActivityId, b.ActivityId),
                b.ActivityId, b.CreatedAt, true))],
            [.. instance.Incidents.Select(i => new ElsaIncidentDto(i.ActivityId, nodeIds.GetValueOrDefault(i.ActivityId, i.ActivityId), i.ActivityType, i.Message,
                new ElsaExceptionDto(i.ExceptionType ?? "Exception", i.Message, null), i.Timestamp))],
            [], [], instance.Input, instance.Outputs, new Dictionary<string, JsonElement>(),
            instance.CreatedAt, instance.UpdatedAt, instance.FinishedAt, 0);
        var summary = Summary(instance);
        return TypedResults.Ok(new ElsaInstanceDto(summary.Id, summary.DefinitionId, summary.DefinitionVersionId, summary.Version, status, subStatus,
            summary.CorrelationId, summary.Name, summary.IncidentCount, false, summary.CreatedAt, summary.UpdatedAt, summary.FinishedAt, state));
    }

    /// <summary>
    /// Studio's Cancel: an instance that drives a run is cancelled the way the dashboard does it (the run ends
    /// Cancelled, the node is told to power off, the report is written); any other instance is cancelled in the runtime.
    /// </summary>
    private static async Task<Results<Ok, ProblemHttpResult>> CancelAsync(string id, WorkflowRuntime runtime, RunControl runs, DesignerOptions designer,
        CancellationToken cancellationToken)
    {
        if (!designer.CanEdit)
            return ElsaApi.ReadOnly("nothing was cancelled; cancel the run from the dashboard");
        if (await runtime.FindAsync(id, cancellationToken) is not { } instance)
            return NotFound(id);
        if (instance.IsEnded)
            return Problems.Conflict($"workflow instance '{id}' has already ended ({instance.Status})");
        if (instance.Input.TryGetValue(WorkflowInputs.RunId, out var value) && value.TryGetInt32(out var runId))
        {
            var result = await runs.CancelAsync(runId, cancellationToken);
            return result.Ok ? TypedResults.Ok() : Problems.Conflict(result.Problem!);
        }

        await runtime.CancelAsync(id, cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<Results<Ok<ElsaExecutionStateDto>, ProblemHttpResult>> ExecutionStateAsync(string id, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (await runtime.FindAsync(id, cancellationToken) is not { } instance)
            return NotFound(id);
        var (status, subStatus) = Status(instance.Status);
        return TypedResults.Ok(new ElsaExecutionStateDto(status, subStatus, instance.UpdatedAt));
    }

    private static async Task<Results<Ok<ElsaListDto<ElsaVariableValueDto>>, ProblemHttpResult>> VariablesAsync(string id, WorkflowRuntime runtime,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (await runtime.FindAsync(id, cancellationToken) is not { } instance)
            return NotFound(id);
        var definition = await definitions.FindByIdAsync(instance.DefinitionVersionId, cancellationToken);
        var declared = definition?.Variables.ToDictionary(v => v.Name, v => v.Id, StringComparer.Ordinal) ?? [];
        var items = instance.Variables.Select(v => new ElsaVariableValueDto(declared.GetValueOrDefault(v.Key, v.Key), v.Key, v.Value)).ToList();
        return TypedResults.Ok(new ElsaListDto<ElsaVariableValueDto>(items, items.Count));
    }

    private static async Task<Results<Ok<ElsaPageDto<ElsaJournalRecordDto>>, ProblemHttpResult>> JournalAsync(string id, HttpRequest request, JsonObject? body,
        WorkflowRuntime runtime, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (await ElsaJournal.LoadAsync(id, runtime, definitions, cancellationToken) is not { } loaded)
            return NotFound(id);
        var (skip, take) = (ParseInt(request.Query["skip"]), ParseInt(request.Query["take"]));
        if (skip is < 0 || take is < 0)
            return Problems.Field(skip is < 0 ? "skip" : "take", "must be a whole number ≥ 0");
        var filter = body?["filter"] as JsonObject;
        var nodeIds = ElsaQuery.Strings(filter?["activityNodeIds"]).ToHashSet(StringComparer.Ordinal);
        var activityIds = ElsaQuery.Strings(filter?["activityIds"]).ToHashSet(StringComparer.Ordinal);
        var eventNames = ElsaQuery.Strings(filter?["eventNames"]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var excluded = ElsaQuery.Strings(filter?["excludedActivityTypes"]).ToHashSet(StringComparer.Ordinal);
        var records = loaded.Journal.Records
            .Where(r => nodeIds.Count == 0 || nodeIds.Contains(r.NodeId))
            .Where(r => activityIds.Count == 0 || activityIds.Contains(r.ActivityId))
            .Where(r => eventNames.Count == 0 || eventNames.Contains(r.EventName))
            .Where(r => !excluded.Contains(r.ActivityType))
            .ToList();
        var page = records.Skip(skip ?? 0).Take(take is null or 0 ? ElsaQuery.MaxPageSize : Math.Min(take.Value, ElsaQuery.MaxPageSize)).ToList();
        return TypedResults.Ok(new ElsaPageDto<ElsaJournalRecordDto>(page, records.Count, []));
    }

    private static Task<Results<Ok<ElsaPageDto<ElsaJournalRecordDto>>, ProblemHttpResult>> JournalFromQueryAsync(string id, HttpRequest request,
        WorkflowRuntime runtime, WorkflowDefinitionService definitions, CancellationToken cancellationToken) =>
        JournalAsync(id, request, null, runtime, definitions, cancellationToken);

    internal static ElsaInstanceSummaryDto Summary(WorkflowInstance i)
    {
        var (status, subStatus) = Status(i.Status);
        return new ElsaInstanceSummaryDto(i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, status, subStatus, i.CorrelationId,
            i.CorrelationId is { } run ? $"{i.DefinitionId} · {run}" : i.DefinitionId, i.Incidents.Count, false, i.CreatedAt, i.UpdatedAt, i.FinishedAt);
    }

    /// <summary>Elsa splits our status in two: Running (Executing or Suspended) and Finished (Finished, Faulted or Cancelled).</summary>
    internal static (string Status, string SubStatus) Status(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Running => ("Running", "Executing"),
        WorkflowStatus.Suspended => ("Running", "Suspended"),
        WorkflowStatus.Finished => ("Finished", "Finished"),
        WorkflowStatus.Faulted => ("Finished", "Faulted"),
        _ => ("Finished", "Cancelled"),
    };

    /// <summary>Elsa's status: Running (ours Running or Suspended) or Finished (Finished, Faulted or Cancelled).</summary>
    private static WorkflowStatus[]? ParseStatus(string text) => text.ToLowerInvariant() switch
    {
        "running" => [WorkflowStatus.Running, WorkflowStatus.Suspended],
        "finished" => [WorkflowStatus.Finished, WorkflowStatus.Faulted, WorkflowStatus.Cancelled],
        _ => null,
    };

    /// <summary>Elsa's sub-status, one of ours each (Pending and Executing are both our Running).</summary>
    private static WorkflowStatus[]? ParseSubStatus(string text) => text.ToLowerInvariant() switch
    {
        "executing" or "pending" => [WorkflowStatus.Running],
        "suspended" => [WorkflowStatus.Suspended],
        "finished" => [WorkflowStatus.Finished],
        "faulted" => [WorkflowStatus.Faulted],
        "cancelled" or "canceled" => [WorkflowStatus.Cancelled],
        _ => null,
    };

    private static int? ParseInt(string? text) => string.IsNullOrEmpty(text) ? null : int.TryParse(text, out var n) ? n : -1;

    internal static ProblemHttpResult NotFound(string id) => Problems.NotFound($"workflow instance '{SafeText.Excerpt(id, 80)}' does not exist");
}
