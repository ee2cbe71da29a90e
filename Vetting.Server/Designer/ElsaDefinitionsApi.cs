using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vetting.Server.Configuration;
using Vetting.Server.Http;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Versioning;

namespace Vetting.Server.Designer;

/// <summary>
/// Elsa 3's workflow-definition endpoints over our definition store and versioning rules
/// (<see cref="WorkflowDefinitionService"/>): the same definitions <c>/api/v1</c> serves, in Elsa's shapes.
/// Saves keep unfinished graphs as drafts; a publish our validator refuses is a 400 problem with an <c>errors</c>
/// map, which Studio shows as its "publishing failed" messages, and the published version stays in use.
/// </summary>
internal static class ElsaDefinitionsApi
{
    public static RouteGroupBuilder MapElsaDefinitions(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions", ListAsync);
        api.MapGet("/workflow-definitions/query/count", async (WorkflowDefinitionService definitions, CancellationToken ct) =>
            TypedResults.Ok(new ElsaCountDto((await definitions.ListLatestAsync(ct)).Count)));
        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", ByDefinitionIdAsync);
        api.MapGet("/workflow-definitions/by-id/{id}", ByIdAsync);
        api.MapGet("/workflow-definitions/validation/is-name-unique", IsNameUniqueAsync);
        api.MapPost("/workflow-definitions", SaveAsync);
        api.MapPost("/workflow-definitions/import", ImportAsync);
        api.MapGet("/workflow-definitions/{definitionId}/export", ExportAsync);
        api.MapPost("/workflow-definitions/{definitionId}/publish", PublishAsync);
        api.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", BulkPublishAsync);
        api.MapPost("/workflow-definitions/{definitionId}/retract", (string definitionId) => Refused(
            $"Retracting '{definitionId}' would leave new runs without a published version; publish the version you want instead."));
        api.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", () => Refused(
            "Retracting would leave new runs without a published version; publish the version you want instead."));
        api.MapDelete("/workflow-definitions/{definitionId}", (string definitionId) => Refused(
            $"'{definitionId}' is kept: runs and their reports refer to its versions. Stop using it by publishing another workflow."));
        api.MapDelete("/workflow-definition-versions/{id}", (string id) => Refused(
            $"Version '{id}' is kept: runs and their reports refer to definition versions."));
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", () => Refused(
            "Workflow definitions are kept: runs and their reports refer to their versions."));
        return api;
    }

    private static async Task<Results<Ok<ElsaPageDto<JsonObject>>, ProblemHttpResult>> ListAsync(HttpRequest request,
        WorkflowDefinitionService definitions, DesignerOptions designer, CancellationToken cancellationToken)
    {
        var query = request.Query;
        // As in Elsa, a list without versionOptions is not filtered by version.
        var versionText = query.ContainsKey("versionOptions") ? query["versionOptions"].ToString() : "All";
        if (!ElsaVersionOptions.TryParse(versionText, out var versionOptions, out var problem))
            return Problems.Field("versionOptions", problem!);
        var page = ElsaQuery.Page(query);
        if (page.Problem is { } pageProblem)
            return pageProblem;

        var all = await definitions.ListAllAsync(cancellationToken);
        var ids = ElsaQuery.List(query, "ids");
        var definitionIds = ElsaQuery.List(query, "definitionIds");
        var search = query["searchTerm"].ToString();
        var matching = all.Where(d => ids.Count > 0 ? ids.Contains(d.Id) : versionOptions.Matches(d))
            .Where(d => definitionIds.Count == 0 || definitionIds.Contains(d.DefinitionId))
            .Where(d => search.Length == 0 || (d.Name?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
                        || d.DefinitionId.Contains(search, StringComparison.OrdinalIgnoreCase)
                        || (d.Description?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false));
        var descending = string.Equals(query["orderDirection"], "Descending", StringComparison.OrdinalIgnoreCase);
        IEnumerable<WorkflowDefinition> ordered = query["orderBy"].ToString().ToLowerInvariant() switch
        {
            "version" => descending ? matching.OrderByDescending(d => d.Version) : matching.OrderBy(d => d.Version),
            "created" or "createdat" => descending ? matching.OrderByDescending(d => d.CreatedAt) : matching.OrderBy(d => d.CreatedAt),
            _ => descending ? matching.OrderByDescending(d => d.Name ?? d.DefinitionId, StringComparer.OrdinalIgnoreCase)
                : matching.OrderBy(d => d.Name ?? d.DefinitionId, StringComparer.OrdinalIgnoreCase),
        };
        var list = ordered.ToList();
        var items = list.Skip(page.Skip).Take(page.Take).Select(d => Summary(d, designer.CanEdit)).ToList();
        var links = designer.CanEdit
            ? new JsonArray(new JsonObject
            {
                ["href"] = $"{ElsaApi.Prefix}/bulk-actions/publish/workflow-definitions/by-definition-ids",
                ["rel"] = "bulk-publish",
                ["method"] = "POST",
            })
            : [];
        return TypedResults.Ok(new ElsaPageDto<JsonObject>(items, list.Count, links));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ByDefinitionIdAsync(string definitionId, HttpRequest request,
        WorkflowDefinitionService definitions, DesignerOptions designer, CancellationToken cancellationToken)
    {
        if (!ElsaVersionOptions.TryParse(request.Query["versionOptions"], out var versionOptions, out var problem))
            return Problems.Field("versionOptions", problem!);
        var definition = versionOptions.Pick(await definitions.ListVersionsAsync(definitionId, cancellationToken));
        return definition is null
            ? Problems.NotFound($"workflow definition '{definitionId}' has no version matching {versionOptions}")
            : TypedResults.Ok(ElsaDefinitionModel.ToModel(definition, designer.CanEdit));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ByIdAsync(string id, WorkflowDefinitionService definitions,
        DesignerOptions designer, CancellationToken cancellationToken) =>
        await definitions.FindByIdAsync(id, cancellationToken) is { } definition
            ? TypedResults.Ok(ElsaDefinitionModel.ToModel(definition, designer.CanEdit))
            : Problems.NotFound($"workflow definition version '{id}' does not exist");

    private static async Task<Ok<ElsaNameUniqueDto>> IsNameUniqueAsync([FromQuery] string? name, [FromQuery] string? definitionId,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var latest = await definitions.ListLatestAsync(cancellationToken);
        var taken = latest.Any(d => d.DefinitionId != definitionId && string.Equals(d.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return TypedResults.Ok(new ElsaNameUniqueDto(!taken));
    }

    private static async Task<Results<Ok<ElsaSaveResponseDto>, ProblemHttpResult>> SaveAsync(JsonObject? body,
        WorkflowDefinitionService definitions, DesignerOptions designer, ActivityRegistry registry, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!designer.CanEdit)
            return ReadOnly();
        if (body?["model"] is not JsonObject model)
            return Problems.Field("model", "the body must be {\"model\": {…the workflow definition…}, \"publish\": true|false}");
        var publish = body["publish"] is JsonValue flag && flag.TryGetValue<bool>(out var p) && p;
        return await StoreAsync(model, publish, definitions, designer, registry, logs, cancellationToken);
    }

    /// <summary>Elsa's import: the body is a definition file (an export); it becomes the definition's next draft, published if the file says so.</summary>
    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ImportAsync(JsonObject? model,
        WorkflowDefinitionService definitions, DesignerOptions designer, ActivityRegistry registry, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!designer.CanEdit)
            return ReadOnly();
        if (model is null)
            return Problems.Field("model", "the body must be a workflow definition (an Elsa export file)");
        var publish = model["isPublished"] is JsonValue flag && flag.TryGetValue<bool>(out var p) && p;
        var result = await StoreAsync(model, publish, definitions, designer, registry, logs, cancellationToken);
        return result.Result switch
        {
            Ok<ElsaSaveResponseDto> ok => TypedResults.Ok(ok.Value!.WorkflowDefinition),
            ProblemHttpResult refused => refused,
            _ => throw new InvalidOperationException("unexpected save result"),
        };
    }

    private static async Task<Results<Ok<ElsaSaveResponseDto>, ProblemHttpResult>> StoreAsync(JsonObject model, bool publish,
        WorkflowDefinitionService definitions, DesignerOptions designer, ActivityRegistry registry, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        WorkflowDefinition incoming;
        try
        {
            incoming = ElsaDefinitionModel.FromModel(model);
        }
        catch (WorkflowDefinitionException e)
        {
            return Invalid(e, "The workflow definition cannot be read");
        }

        if (string.IsNullOrWhiteSpace(incoming.DefinitionId))
            incoming.DefinitionId = Guid.NewGuid().ToString("N");

        var published = await definitions.FindPublishedAsync(incoming.DefinitionId, cancellationToken);
        // Publishing (or saving) what is already published, with no draft after it, changes nothing: no new version.
        // Compared as Studio sees it, with the node ids and defaults the model adds.
        if (published is { IsLatest: true }
            && WorkflowDefinitionService.SameContent(incoming, ElsaDefinitionModel.FromModel(ElsaDefinitionModel.ToModel(published, designer.CanEdit))))
            return TypedResults.Ok(new ElsaSaveResponseDto(ElsaDefinitionModel.ToModel(published, designer.CanEdit), AlreadyPublished: true, ConsumingWorkflowCount: 0, []));

        WorkflowDefinition saved;
        try
        {
            saved = await definitions.SaveDraftAsync(incoming, validate: false, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another orchestrator process on the same database saved this workflow at the same moment.
            return Problems.Conflict($"workflow '{incoming.DefinitionId}' was saved elsewhere at the same moment; reload it and try again");
        }
        if (publish)
        {
            try
            {
                saved = await definitions.PublishAsync(saved.DefinitionId, saved.Version, cancellationToken);
            }
            catch (WorkflowDefinitionException e)
            {
                // The edits are kept as the draft; the version runs use does not change.
                // Studio shows the errors map, not the title: the last message says what happened to the edits.
                var inUse = published is null ? "no version is published yet" : $"version {published.Version} stays published and runs keep using it";
                var outcome = $"Not published: {inUse}. Your changes are saved as draft version {saved.Version}.";
                return Invalid(e, outcome, outcome);
            }
        }

        // What the validator only warns about (Elsa's start fallbacks, for one) is logged when it goes live and
        // returned beside the model; Studio has nowhere to show it.
        var warnings = DefinitionValidator.Check(saved, registry).Warnings;
        if (publish)
        {
            var logger = logs.CreateLogger("Vetting.Designer");
            foreach (var warning in warnings)
                logger.LogWarning("workflow {DefinitionId} v{Version} published with a warning: {Warning}", saved.DefinitionId, saved.Version, warning);
        }

        return TypedResults.Ok(new ElsaSaveResponseDto(ElsaDefinitionModel.ToModel(saved, designer.CanEdit), AlreadyPublished: false, ConsumingWorkflowCount: 0, warnings));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> PublishAsync(string definitionId, WorkflowDefinitionService definitions,
        DesignerOptions designer, CancellationToken cancellationToken)
    {
        if (!designer.CanEdit)
            return ReadOnly();
        try
        {
            return TypedResults.Ok(ElsaDefinitionModel.ToModel(await definitions.PublishAsync(definitionId, cancellationToken: cancellationToken), designer.CanEdit));
        }
        catch (KeyNotFoundException e)
        {
            return Problems.NotFound(e.Message);
        }
        catch (WorkflowDefinitionException e)
        {
            return Invalid(e, "Not published: the published version stays in use.", "Not published: the published version stays in use.");
        }
    }

    private static async Task<Results<Ok<ElsaBulkPublishDto>, ProblemHttpResult>> BulkPublishAsync(JsonObject? body,
        WorkflowDefinitionService definitions, DesignerOptions designer, CancellationToken cancellationToken)
    {
        if (!designer.CanEdit)
            return ReadOnly();
        if (body?["definitionIds"] is not JsonArray ids)
            return Problems.Field("definitionIds", "the body must be {\"definitionIds\": [\"…\"]}");
        var result = new ElsaBulkPublishDto([], [], [], [], []);
        foreach (var id in ids.Select(i => i?.GetValueKind() == JsonValueKind.String ? i.GetValue<string>() : null).OfType<string>())
        {
            var versions = await definitions.ListVersionsAsync(id, cancellationToken);
            var latest = versions.FirstOrDefault(d => d.IsLatest);
            if (latest is null)
                result.NotFound.Add(id);
            else if (latest.IsPublished)
                result.AlreadyPublished.Add(id);
            else
            {
                try
                {
                    await definitions.PublishAsync(id, cancellationToken: cancellationToken);
                    result.Published.Add(id);
                }
                catch (WorkflowDefinitionException e)
                {
                    result.Failed.Add(id);
                    result.Errors.Add($"{id}: {e.Message}");
                }
            }
        }

        return TypedResults.Ok(result);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(string definitionId, HttpRequest request,
        WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (!ElsaVersionOptions.TryParse(request.Query["versionOptions"], out var versionOptions, out var problem))
            return Problems.Field("versionOptions", problem!);
        var definition = versionOptions.Pick(await definitions.ListVersionsAsync(definitionId, cancellationToken));
        if (definition is null)
            return Problems.NotFound($"workflow definition '{definitionId}' has no version matching {versionOptions}");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(ElsaDefinitionModel.ToExport(definition), WorkflowJson.Options);
        var name = new string((definition.Name ?? definition.DefinitionId).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return TypedResults.File(bytes, "application/json", $"{name}-v{definition.Version}.json");
    }

    internal static JsonObject Summary(WorkflowDefinition d, bool editable) => new()
    {
        ["id"] = d.Id,
        ["definitionId"] = d.DefinitionId,
        ["name"] = d.Name,
        ["description"] = d.Description,
        ["version"] = d.Version,
        ["toolVersion"] = ElsaDefinitionModel.ToolVersion,
        ["isLatest"] = d.IsLatest,
        ["isPublished"] = d.IsPublished,
        ["isReadonly"] = !editable,
        ["isSystem"] = false,
        ["createdAt"] = d.CreatedAt,
        ["materializerName"] = "Json",
        ["isMaterializerAvailable"] = true,
        ["links"] = new JsonArray(),
    };

    private static ProblemHttpResult Invalid(WorkflowDefinitionException e, string title, string? outcome = null) =>
        Workflows.WorkflowsApi.Invalid(e, title, outcome);

    private static ProblemHttpResult ReadOnly() => ElsaApi.ReadOnly("nothing was saved");

    private static ProblemHttpResult Refused(string message) => Problems.Refused("workflow", message);
}
