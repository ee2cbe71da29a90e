using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vetting.Server.Http;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Server.Designer;

/// <summary>
/// What Studio's instance viewer asks about single activities: per-node counters, the executions of one node, one
/// execution and its call stack. All of it comes from the instance's journal (<see cref="ElsaJournal"/>).
/// </summary>
internal static class ElsaExecutionsApi
{
    public static RouteGroupBuilder MapElsaExecutions(this RouteGroupBuilder api)
    {
        api.MapPost("/activity-executions/report", ReportAsync);
        api.MapGet("/activity-executions/list", ExecutionsAsync);
        api.MapGet("/activity-execution-summaries/list", SummariesAsync);
        // 3.8.2 asks by-id?id=…; later Studio releases ask /activity-executions/{id}.
        api.MapGet("/activity-executions/by-id", ([FromQuery] string? id, WorkflowRuntime runtime, WorkflowDefinitionService definitions, CancellationToken ct) =>
            string.IsNullOrEmpty(id) ? Task.FromResult<Results<Ok<ElsaActivityExecutionDto>, ProblemHttpResult>>(Problems.Field("id", "name the activity execution (?id=…)"))
                : ExecutionAsync(id, runtime, definitions, ct));
        api.MapGet("/activity-executions/{id}", ExecutionAsync);
        api.MapGet("/activity-executions/{id}/call-stack", CallStackAsync);
        return api;
    }

    private static async Task<Results<Ok<ElsaActivityReportDto>, ProblemHttpResult>> ReportAsync(JsonObject? body, WorkflowRuntime runtime,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (ElsaQuery.Text(body?["workflowInstanceId"]) is not { Length: > 0 } id)
            return Problems.Field("workflowInstanceId", "the body must name the instance: {\"workflowInstanceId\": \"…\", \"activityNodeIds\": [\"…\"]}");
        if (await ElsaJournal.LoadAsync(id, runtime, definitions, cancellationToken) is not { } loaded)
            return NotFound(id);
        var wanted = ElsaQuery.Strings(body!["activityNodeIds"]).ToList();
        // Node ids a designer stored are free text: two activities may claim one, and the first keeps it.
        var byNode = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (activityId, nodeId) in loaded.NodeIds)
            byNode.TryAdd(nodeId, activityId);
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
        if (await ElsaJournal.LoadAsync(id, runtime, definitions, cancellationToken) is not { } loaded)
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
        if (await ElsaJournal.LoadAsync(id, runtime, definitions, cancellationToken) is not { } loaded)
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
        if (colon <= 0 || await ElsaJournal.LoadAsync(id[..colon], runtime, definitions, cancellationToken) is not { } loaded)
            return null;
        var all = loaded.Journal.Executions(loaded.Instance.Id).ToList();
        return new FoundExecution(all.FirstOrDefault(e => e.Id == id), all);
    }

    private static ProblemHttpResult NotFound(string id) => ElsaInstancesApi.NotFound(id);
}
