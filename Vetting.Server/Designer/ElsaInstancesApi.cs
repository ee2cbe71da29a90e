using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vetting.Server.Http;
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
        api.MapPost("/activity-executions/report", ReportAsync);
        api.MapGet("/activity-executions/list", ExecutionsAsync);
        api.MapGet("/activity-execution-summaries/list", SummariesAsync);
        // 3.8.2 asks by-id?id=…; later Studio releases ask /activity-executions/{id}.
        api.MapGet("/activity-executions/by-id", ([FromQuery] string? id, WorkflowRuntime runtime, WorkflowDefinitionService definitions, CancellationToken ct) =>
            string.IsNullOrEmpty(id) ? Task.FromResult<Results<Ok<ElsaActivityExecutionDto>, ProblemHttpResult>>(Problems.Field("id", "name the activity execution (?id=…)"))
                : ExecutionAsync(id, runtime, definitions, ct));
        api.MapGet("/activity-executions/{id}", ExecutionAsync);
        api.MapGet("/activity-executions/{id}/call-stack", CallStackAsync);
        api.MapPost("/workflow-definitions/{definitionId}/execute", (string definitionId) => Problems.Validation(
            new Dictionary<string, string[]> { ["workflow"] = [$"Runs of '{definitionId}' start from the dashboard (Start Vetting on a host), which gives the run its host and profile."] },
            detail: "Runs start from the dashboard.", title: "Not supported here", statusCode: StatusCodes.Status409Conflict));
        return api;
    }

    private static async Task<Results<Ok<ElsaPageDto<ElsaInstanceSummaryDto>>, ProblemHttpResult>> ListAsync(JsonObject? body,
        IWorkflowInstanceStore store, CancellationToken cancellationToken)
    {
        body ??= [];
        var paging = ElsaQuery.Page(Text(body["page"]), Text(body["pageSize"]));
        if (paging.Problem is { } problem)
            return problem;
        var statuses = new List<WorkflowStatus>();
        foreach (var status in Strings(body["statuses"]).Concat(Strings(body["subStatuses"])).Concat(Strings(body["status"])).Concat(Strings(body["subStatus"])))
        {
            if (ParseStatus(status) is not { } parsed)
                return Problems.Field("statuses", $"'{status}' is not an instance status (Running, Finished, Pending, Executing, Suspended, Cancelled, Faulted)");
            statuses.AddRange(parsed);
        }

        var definitionIds = Strings(body["definitionIds"]).ToList();
        if (Text(body["definitionId"]) is { Length: > 0 } single)
            definitionIds.Add(single);
        var versions = new List<int>();
        // Incidents only come with a fault here: an instance that faults records one, nothing else does.
        if (body["hasIncidents"] is JsonValue incidents && incidents.TryGetValue<bool>(out var hasIncidents))
            statuses.AddRange(hasIncidents ? [WorkflowStatus.Faulted] : [WorkflowStatus.Running, WorkflowStatus.Suspended, WorkflowStatus.Finished, WorkflowStatus.Cancelled]);
        foreach (var version in Strings(body["versions"]).Concat(Strings(body["version"])))
        {
            if (!int.TryParse(version, out var v))
                return Problems.Field("versions", $"'{version}' is not a version number");
            versions.Add(v);
        }

        var order = (Text(body["orderBy"]) ?? "").ToLowerInvariant() switch
        {
            "updated" or "updatedat" or "lastexecuted" => InstanceOrder.UpdatedAt,
            "finished" or "finishedat" => InstanceOrder.FinishedAt,
            _ => InstanceOrder.CreatedAt,
        };
        var query = new WorkflowInstanceQuery
        {
            DefinitionIds = definitionIds,
            Statuses = statuses,
            Versions = versions,
            CorrelationId = Text(body["correlationId"]) is { Length: > 0 } correlation ? correlation : null,
            SearchTerm = Text(body["searchTerm"]),
            OrderBy = order,
            Ascending = string.Equals(Text(body["orderDirection"]), "Ascending", StringComparison.OrdinalIgnoreCase),
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
        foreach (var (key, value) in request.Query)
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
        if (await LoadAsync(id, runtime, definitions, cancellationToken) is not { } loaded)
            return NotFound(id);
        var (skip, take) = (ParseInt(request.Query["skip"]), ParseInt(request.Query["take"]));
        if (skip is < 0 || take is < 0)
            return Problems.Field(skip is < 0 ? "skip" : "take", "must be a whole number ≥ 0");
        var filter = body?["filter"] as JsonObject;
        var nodeIds = Strings(filter?["activityNodeIds"]).ToHashSet(StringComparer.Ordinal);
        var activityIds = Strings(filter?["activityIds"]).ToHashSet(StringComparer.Ordinal);
        var eventNames = Strings(filter?["eventNames"]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var excluded = Strings(filter?["excludedActivityTypes"]).ToHashSet(StringComparer.Ordinal);
        var records = loaded.Journal.Records
            .Where(r => nodeIds.Count == 0 || nodeIds.Contains(r.NodeId))
            .Where(r => activityIds.Count == 0 || activityIds.Contains(r.ActivityId))
            .Where(r => eventNames.Count == 0 || eventNames.Contains(r.EventName))
            .Where(r => !excluded.Contains(r.ActivityType))
            .ToList();
        var page = records.Skip(skip ?? 0).Take(take is null or 0 ? int.MaxValue : take.Value).ToList();
        return TypedResults.Ok(new ElsaPageDto<ElsaJournalRecordDto>(page, records.Count, []));
    }

    private static Task<Results<Ok<ElsaPageDto<ElsaJournalRecordDto>>, ProblemHttpResult>> JournalFromQueryAsync(string id, HttpRequest request,
        WorkflowRuntime runtime, WorkflowDefinitionService definitions, CancellationToken cancellationToken) =>
        JournalAsync(id, request, null, runtime, definitions, cancellationToken);

    private static async Task<Results<Ok<ElsaActivityReportDto>, ProblemHttpResult>> ReportAsync(JsonObject? body, WorkflowRuntime runtime,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (Text(body?["workflowInstanceId"]) is not { Length: > 0 } id)
            return Problems.Field("workflowInstanceId", "the body must name the instance: {\"workflowInstanceId\": \"…\", \"activityNodeIds\": [\"…\"]}");
        if (await LoadAsync(id, runtime, definitions, cancellationToken) is not { } loaded)
            return NotFound(id);
        var wanted = Strings(body!["activityNodeIds"]).ToList();
        var byNode = loaded.NodeIds.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        if (wanted.Count == 0)
            wanted = [.. loaded.NodeIds.Values];
        var stats = wanted.Select(node => loaded.Journal.Stats(byNode.GetValueOrDefault(node, node), node, loaded.Instance)).ToList();
        return TypedResults.Ok(new ElsaActivityReportDto(stats));
    }

    private static async Task<Results<Ok<ElsaListDto<ElsaActivityExecutionDto>>, ProblemHttpResult>> ExecutionsAsync(HttpRequest request, WorkflowRuntime runtime,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var (id, node) = (request.Query["workflowInstanceId"].ToString(), request.Query["activityNodeId"].ToString());
        if (id.Length == 0)
            return Problems.Field("workflowInstanceId", "name the instance (?workflowInstanceId=…&activityNodeId=…)");
        if (await LoadAsync(id, runtime, definitions, cancellationToken) is not { } loaded)
            return NotFound(id);
        var items = loaded.Journal.Executions(id).Where(e => node.Length == 0 || e.ActivityNodeId == node).ToList();
        return TypedResults.Ok(new ElsaListDto<ElsaActivityExecutionDto>(items, items.Count));
    }

    private static async Task<Results<Ok<ElsaListDto<ElsaActivityExecutionSummaryDto>>, ProblemHttpResult>> SummariesAsync(HttpRequest request,
        WorkflowRuntime runtime, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var (id, node) = (request.Query["workflowInstanceId"].ToString(), request.Query["activityNodeId"].ToString());
        if (id.Length == 0)
            return Problems.Field("workflowInstanceId", "name the instance (?workflowInstanceId=…&activityNodeId=…)");
        if (await LoadAsync(id, runtime, definitions, cancellationToken) is not { } loaded)
            return NotFound(id);
        var items = loaded.Journal.Summaries(id).Where(e => node.Length == 0 || e.ActivityNodeId == node).ToList();
        return TypedResults.Ok(new ElsaListDto<ElsaActivityExecutionSummaryDto>(items, items.Count));
    }

    /// <summary>One execution by its id, <c>{instance id}:{n}</c> (or <c>{instance id}:{flowchart id}</c> for the flowchart).</summary>
    private static async Task<Results<Ok<ElsaActivityExecutionDto>, ProblemHttpResult>> ExecutionAsync(string id, WorkflowRuntime runtime,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken) =>
        await FindExecutionAsync(id, runtime, definitions, cancellationToken) is { Execution: { } execution }
            ? TypedResults.Ok(execution)
            : Problems.NotFound($"activity execution '{id}' does not exist");

    /// <summary>The chain from the flowchart down to the execution: flowcharts are not nested here, so at most two.</summary>
    private static async Task<Results<Ok<ElsaCallStackDto>, ProblemHttpResult>> CallStackAsync(string id, WorkflowRuntime runtime,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (await FindExecutionAsync(id, runtime, definitions, cancellationToken) is not { Execution: { } execution } found)
            return Problems.NotFound($"activity execution '{id}' does not exist");
        var chain = found.All.Where(e => e.ActivityType == Vetting.Workflows.Definitions.FlowchartModel.TypeName && e.Id != execution.Id).Take(1).Append(execution).ToList();
        return TypedResults.Ok(new ElsaCallStackDto(execution.Id, chain, chain.Count));
    }

    private sealed record FoundExecution(ElsaActivityExecutionDto? Execution, IReadOnlyList<ElsaActivityExecutionDto> All);

    private static async Task<FoundExecution?> FindExecutionAsync(string id, WorkflowRuntime runtime, WorkflowDefinitionService definitions,
        CancellationToken cancellationToken)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || await LoadAsync(id[..colon], runtime, definitions, cancellationToken) is not { } loaded)
            return null;
        var all = loaded.Journal.Executions(loaded.Instance.Id).ToList();
        return new FoundExecution(all.FirstOrDefault(e => e.Id == id), all);
    }

    private sealed record Loaded(WorkflowInstance Instance, IReadOnlyDictionary<string, string> NodeIds, ElsaJournal Journal);

    private static async Task<Loaded?> LoadAsync(string id, WorkflowRuntime runtime, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (await runtime.FindAsync(id, cancellationToken) is not { } instance)
            return null;
        var definition = await definitions.FindByIdAsync(instance.DefinitionVersionId, cancellationToken);
        var journal = ElsaJournal.Build(instance, definition, await runtime.GetJournalAsync(id, cancellationToken));
        return new Loaded(instance, definition is null ? new Dictionary<string, string>() : ElsaDefinitionModel.NodeIds(definition), journal);
    }

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

    private static WorkflowStatus[]? ParseStatus(string text) => text.ToLowerInvariant() switch
    {
        "running" => [WorkflowStatus.Running, WorkflowStatus.Suspended],
        "executing" or "pending" => [WorkflowStatus.Running],
        "suspended" => [WorkflowStatus.Suspended],
        "finished" => [WorkflowStatus.Finished, WorkflowStatus.Faulted, WorkflowStatus.Cancelled],
        "faulted" => [WorkflowStatus.Faulted],
        "cancelled" or "canceled" => [WorkflowStatus.Cancelled],
        _ => null,
    };

    private static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        }
        : null;

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(Text).OfType<string>(),
        JsonValue => Text(node) is { } one ? [one] : [],
        _ => [],
    };

    private static int? ParseInt(string? text) => string.IsNullOrEmpty(text) ? null : int.TryParse(text, out var n) ? n : -1;

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"workflow instance '{id}' does not exist");
}
