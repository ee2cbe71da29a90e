using Microsoft.AspNetCore.Mvc;
using Vetting.Server.Http;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Server.Workflows;

/// <summary>The designer's backend: activity descriptors, definitions with versions, publishing, instance inspection.</summary>
public static class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflows(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Workflows");
        api.MapGet("/activity-descriptors", (ActivityRegistry registry) => Results.Ok(registry.Descriptors)).Produces<IReadOnlyList<ActivityDescriptor>>();
        api.MapGet("/workflow-definitions", async (WorkflowDefinitionService definitions, CancellationToken ct) =>
            Results.Ok((await definitions.ListLatestAsync(ct)).Select(Summary))).Produces<IReadOnlyList<WorkflowDefinitionSummaryDto>>();
        // The definition itself is the Elsa 3 JSON of workflow-format.md, written by WorkflowJson.
        api.MapGet("/workflow-definitions/{definitionId}", GetAsync).Produces<System.Text.Json.Nodes.JsonObject>().Problems(StatusCodes.Status404NotFound);
        api.MapGet("/workflow-definitions/{definitionId}/versions", async (string definitionId, WorkflowDefinitionService definitions, CancellationToken ct) =>
        {
            var versions = await definitions.ListVersionsAsync(definitionId, ct);
            return versions.Count == 0 ? NotFound(definitionId) : Results.Ok(versions.Select(Summary));
        }).Produces<IReadOnlyList<WorkflowDefinitionSummaryDto>>().Problems(StatusCodes.Status404NotFound);
        api.MapPost("/workflow-definitions", SaveAsync).Accepts<System.Text.Json.Nodes.JsonObject>("application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>().Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status201Created).Problems(StatusCodes.Status400BadRequest);
        api.MapPost("/workflow-definitions/{definitionId}/publish", PublishAsync).Produces<WorkflowDefinitionSummaryDto>()
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/workflow-instances/{id}", InstanceAsync).Produces<WorkflowInstanceDto>().Problems(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(string definitionId, [FromQuery] int? version, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var definition = await definitions.FindAsync(definitionId, version, cancellationToken);
        return definition is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: version is null ? $"workflow definition '{definitionId}' does not exist" : $"workflow definition '{definitionId}' has no version {version}")
            : Results.Text(WorkflowJson.Serialize(definition), "application/json");
    }

    private static async Task<IResult> SaveAsync(HttpRequest request, HttpResponse response, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        WorkflowDefinition saved;
        try
        {
            var incoming = WorkflowJson.Parse(await reader.ReadToEndAsync(cancellationToken));
            var existing = await definitions.ListVersionsAsync(incoming.DefinitionId, cancellationToken);
            saved = await definitions.SaveDraftAsync(incoming, cancellationToken);
            if (existing.Count == 0)
            {
                response.Headers.Location = $"/api/v1/workflow-definitions/{saved.DefinitionId}?version={saved.Version}";
            }

            return Results.Text(WorkflowJson.Serialize(saved), "application/json",
                statusCode: existing.Count == 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (WorkflowDefinitionException e)
        {
            return Invalid(e);
        }
    }

    private static async Task<IResult> PublishAsync(string definitionId, [FromQuery] int? version, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        try
        {
            return Results.Ok(Summary(await definitions.PublishAsync(definitionId, version, cancellationToken)));
        }
        catch (KeyNotFoundException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: e.Message);
        }
        catch (WorkflowDefinitionException e)
        {
            return Invalid(e);
        }
    }

    private static async Task<IResult> InstanceAsync(string id, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var instance = await runtime.FindAsync(id, cancellationToken);
        if (instance is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"workflow instance '{id}' does not exist");
        }

        var journal = await runtime.GetJournalAsync(id, cancellationToken);
        return Results.Ok(new WorkflowInstanceDto(instance.Id, instance.DefinitionId, instance.DefinitionVersionId, instance.Version, instance.CorrelationId,
            instance.Status.ToString(), instance.CreatedAt, instance.UpdatedAt, instance.FinishedAt,
            [.. instance.Bookmarks.Select(b => b.ActivityId).Concat(instance.Scheduled).Distinct()],
            [.. instance.Bookmarks.Select(b => new WorkflowBookmarkDto(b.Id, b.ActivityId, b.Name, b.ResumeAt, b.CreatedAt))],
            instance.Incidents, instance.Variables, instance.Input, journal));
    }

    private static WorkflowDefinitionSummaryDto Summary(WorkflowDefinition d) =>
        new(d.Id, d.DefinitionId, d.Name, d.Description, d.Version, d.IsLatest, d.IsPublished, d.CreatedAt);

    private static IResult Invalid(WorkflowDefinitionException e) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The workflow definition is invalid", detail: e.Message,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["definition"] = e.Errors.Count > 0 ? [.. e.Errors] : [e.Message] } });

    private static IResult NotFound(string definitionId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"workflow definition '{definitionId}' does not exist");
}
