using Microsoft.AspNetCore.Http.HttpResults;
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
        api.MapGet("/activity-descriptors", (ActivityRegistry registry) => TypedResults.Ok(registry.Descriptors));
        api.MapGet("/workflow-definitions", async (WorkflowDefinitionService definitions, CancellationToken ct) =>
            TypedResults.Ok((await definitions.ListLatestAsync(ct)).Select(Summary)));
        // The definition itself is the Elsa 3 JSON of workflow-format.md, written by WorkflowJson.
        api.MapGet("/workflow-definitions/{definitionId}", GetAsync).Produces<System.Text.Json.Nodes.JsonObject>().Problems(StatusCodes.Status404NotFound);
        api.MapGet("/workflow-definitions/{definitionId}/versions", VersionsAsync).Problems(StatusCodes.Status404NotFound);
        api.MapPost("/workflow-definitions", SaveAsync).Accepts<System.Text.Json.Nodes.JsonObject>("application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>().Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status201Created).Problems(StatusCodes.Status400BadRequest);
        api.MapPost("/workflow-definitions/{definitionId}/publish", PublishAsync)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/workflow-instances/{id}", InstanceAsync).Problems(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<IEnumerable<WorkflowDefinitionSummaryDto>>, ProblemHttpResult>> VersionsAsync(string definitionId,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var versions = await definitions.ListVersionsAsync(definitionId, cancellationToken);
        return versions.Count == 0 ? NotFound(definitionId) : TypedResults.Ok(versions.Select(Summary));
    }

    /// <summary>The definition in the Elsa 3 JSON of workflow-format.md, as <see cref="WorkflowJson"/> writes it.</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(string definitionId, [FromQuery] int? version,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var definition = await definitions.FindAsync(definitionId, version, cancellationToken);
        return definition is null
            ? Problems.NotFound(version is null ? $"workflow definition '{definitionId}' does not exist" : $"workflow definition '{definitionId}' has no version {version}")
            : TypedResults.Text(WorkflowJson.Serialize(definition), "application/json");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> SaveAsync(HttpRequest request, HttpResponse response, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        WorkflowDefinition saved;
        try
        {
            var incoming = WorkflowJson.Parse(await reader.ReadToEndAsync(cancellationToken));
            if (string.IsNullOrWhiteSpace(incoming.DefinitionId))
            {
                // As Elsa does on import: a definition without an id is a new one.
                incoming.DefinitionId = Guid.NewGuid().ToString("N");
            }

            var existing = await definitions.ListVersionsAsync(incoming.DefinitionId, cancellationToken);
            saved = await definitions.SaveDraftAsync(incoming, cancellationToken);
            if (existing.Count == 0)
            {
                response.Headers.Location = $"/api/v1/workflow-definitions/{saved.DefinitionId}?version={saved.Version}";
            }

            return TypedResults.Text(WorkflowJson.Serialize(saved), "application/json",
                statusCode: existing.Count == 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (WorkflowDefinitionException e)
        {
            return Invalid(e);
        }
    }

    private static async Task<Results<Ok<WorkflowDefinitionSummaryDto>, ProblemHttpResult>> PublishAsync(string definitionId, [FromQuery] int? version, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(Summary(await definitions.PublishAsync(definitionId, version, cancellationToken)));
        }
        catch (KeyNotFoundException e)
        {
            return Problems.NotFound(e.Message);
        }
        catch (WorkflowDefinitionException e)
        {
            return Invalid(e);
        }
    }

    private static async Task<Results<Ok<WorkflowInstanceDto>, ProblemHttpResult>> InstanceAsync(string id, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var instance = await runtime.FindAsync(id, cancellationToken);
        if (instance is null)
        {
            return Problems.NotFound($"workflow instance '{id}' does not exist");
        }

        var journal = await runtime.GetJournalAsync(id, cancellationToken);
        return TypedResults.Ok(new WorkflowInstanceDto(instance.Id, instance.DefinitionId, instance.DefinitionVersionId, instance.Version, instance.CorrelationId,
            instance.Status.ToString(), instance.CreatedAt, instance.UpdatedAt, instance.FinishedAt,
            [.. instance.Bookmarks.Select(b => b.ActivityId).Concat(instance.Scheduled).Distinct()],
            [.. instance.Bookmarks.Select(b => new WorkflowBookmarkDto(b.Id, b.ActivityId, b.Name, b.ResumeAt, b.CreatedAt))],
            instance.Incidents, instance.Variables, instance.Input, journal));
    }

    private static WorkflowDefinitionSummaryDto Summary(WorkflowDefinition d) =>
        new(d.Id, d.DefinitionId, d.Name, d.Description, d.Version, d.IsLatest, d.IsPublished, d.CreatedAt, Runs.RunProfiles.Of(d));

    /// <summary>
    /// The validator's reasons under <c>definition</c> (Studio shows each as a message); <paramref name="outcome"/>, when
    /// given, says under <c>publish</c> what happened to the edits.
    /// </summary>
    internal static ProblemHttpResult Invalid(WorkflowDefinitionException e, string title = "The workflow definition is invalid", string? outcome = null)
    {
        var errors = new Dictionary<string, string[]> { ["definition"] = e.Errors.Count > 0 ? [.. e.Errors] : [e.Message] };
        if (outcome is not null)
            errors["publish"] = [outcome];
        return Problems.Validation(errors, detail: e.Message, title: title);
    }

    private static ProblemHttpResult NotFound(string definitionId) => Problems.NotFound($"workflow definition '{definitionId}' does not exist");
}
