using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Activities.Steps;
using Vetting.Protocol;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Http;
using Vetting.Server.Runs;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Agents;

/// <summary>The agent's side of the wire contract (agent-protocol.md), all under a per-run bearer token.</summary>
public static class AgentApi
{
    private const long JsonLimit = 8 * 1024 * 1024;
    private const long LogLimit = 1024 * 1024;

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/runs/{id}").RequireAgentToken().WithTags("Agent");
        // Bodies are read by the handlers (one JSON context shared with the agent), so their shapes are declared here for
        // OpenAPI only: Accepts<T> would also make routing refuse other content types (415), which the protocol allows.
        group.MapPost("/hello", HelloAsync).WithMetadata(new RequestSizeLimitAttribute(JsonLimit))
            .DocumentsBody<HelloRequest>("application/json").Produces<HelloResponse>().AgentProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/next", NextAsync)
            .Produces<Instruction>().Produces(StatusCodes.Status204NoContent).AgentProblems(StatusCodes.Status400BadRequest);
        group.MapPost("/heartbeat", HeartbeatAsync).WithMetadata(new RequestSizeLimitAttribute(JsonLimit))
            .DocumentsBody<HeartbeatRequest>("application/json", required: false).Produces(StatusCodes.Status204NoContent).AgentProblems(StatusCodes.Status400BadRequest);
        group.MapPost("/log", LogAsync).WithMetadata(new RequestSizeLimitAttribute(LogLimit))
            .DocumentsBody<string>("text/plain").Produces(StatusCodes.Status204NoContent).AgentProblems(StatusCodes.Status413PayloadTooLarge);
        group.MapPut("/artifacts/{name}", PutArtifactAsync).WithMetadata(new DisableRequestSizeLimitAttribute())
            .DocumentsBody<byte[]>("application/octet-stream").Produces<ArtifactStoredDto>(StatusCodes.Status201Created)
            .AgentProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/instructions/{instructionId}/result", ResultAsync).WithMetadata(new RequestSizeLimitAttribute(JsonLimit))
            .DocumentsBody<StageResult>("application/json").Produces<ResultAcceptedDto>()
            .AgentProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<IResult> HelloAsync(HttpContext http, VettingDbContext db, WorkflowRuntime runtime, AgentOptions options,
        TimeProvider clock, RunLog log, CancellationToken cancellationToken)
    {
        var (hello, error) = await ReadAsync(http, ProtocolJsonContext.Default.HelloRequest, cancellationToken);
        if (hello is null)
        {
            return error!;
        }

        var (ip, invalid) = AgentInput.Hello(hello, http.Connection.RemoteIpAddress);
        if (invalid.Count > 0)
        {
            return Problems.Validation(invalid);
        }

        var run = http.AgentRun();
        var rebooted = run.AgentBootId is not null && run.AgentBootId != hello.BootId;
        run.AgentBootId = hello.BootId;
        run.AgentHostname = hello.Hostname;
        run.AgentIp = ip;
        run.AgentVersion = hello.AgentVersion;
        run.AgentKernel = hello.Kernel;
        // A hello comes from a fresh agent process (the node rebooted, or the service restarted the agent):
        // it holds no instruction, so whatever was handed out and not answered is handed out again.
        foreach (var pending in await db.Instructions.Where(i => i.RunId == run.Id && i.CompletedAt == null && !i.Withdrawn && i.DeliveredAt != null).ToListAsync(cancellationToken))
        {
            pending.DeliveredAt = null;
        }

        await log.AppendAsync(run.Id, "orchestrator", $"agent hello: {hello.Hostname} {run.AgentIp} boot {hello.BootId} agent {hello.AgentVersion}{(rebooted ? " (the node rebooted)" : "")}", cancellationToken);
        var resumed = await runtime.ResumeAsync(VettingBookmarks.Hello, VettingBookmarks.RunStimulus(run.Id), cancellationToken: cancellationToken);
        if (!resumed.Any(r => r.Status == ResumeStatus.Resumed))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return Results.Ok(new HelloResponse { RunId = run.Id, HeartbeatSeconds = options.HeartbeatSeconds, ServerTime = clock.GetUtcNow() });
    }

    private static async Task<IResult> NextAsync(HttpContext http, VettingDbContext db, InstructionSignals signals, TimeProvider clock,
        [FromQuery] int? waitSeconds, CancellationToken cancellationToken)
    {
        if (waitSeconds is < 0 or > 60)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["waitSeconds"] = ["must be between 0 and 60"] });
        }

        var run = http.AgentRun();
        await db.SaveChangesAsync(cancellationToken);
        var until = clock.GetUtcNow().AddSeconds(waitSeconds ?? 30);
        while (true)
        {
            var instruction = await NextInstructionAsync(db, run.Id, cancellationToken);
            if (instruction is not null)
            {
                instruction.DeliveredAt = clock.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                return Results.Json(ToWire(instruction), ProtocolJsonContext.Default.Instruction);
            }

            var left = until - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return Results.NoContent();
            }

            // Re-check at least every few seconds: a busy iperf3 port frees without a signal for this run.
            await signals.WaitAsync(run.Id, left < TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5), clock, cancellationToken);
        }
    }

    private static async Task<IResult> HeartbeatAsync(HttpContext http, VettingDbContext db, RunLog log, RunProgress progress, CancellationToken cancellationToken)
    {
        var run = http.AgentRun();
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (beat, error) = await ReadAsync(http, ProtocolJsonContext.Default.HeartbeatRequest, cancellationToken);
            if (beat is null)
            {
                return error!;
            }

            if (beat.InstructionId is { } instructionId
                && await db.Instructions.AnyAsync(i => i.Id == instructionId && i.RunId == run.Id && i.Withdrawn, cancellationToken))
            {
                // The stage was cancelled or timed out under the agent: 410 makes it stop the stage and ask for the next instruction.
                return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Gone",
                    detail: $"instruction '{instructionId}' was withdrawn (the run was cancelled or the stage timed out); stop it and poll next");
            }

            await progress.ReportAsync(run.Id, beat, db, cancellationToken);
            if (beat.Message is { Length: > 0 } message)
            {
                await log.AppendAsync(run.Id, "agent", beat.Percent is { } p ? $"[{p:0}%] {message}" : message, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> LogAsync(HttpContext http, VettingDbContext db, RunLog log, CancellationToken cancellationToken)
    {
        var run = http.AgentRun();
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        await log.AppendAsync(run.Id, "agent", text, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> PutArtifactAsync(HttpContext http, string name, VettingDbContext db, ArtifactStore store, CancellationToken cancellationToken)
    {
        var run = http.AgentRun();
        if (!ArtifactName.IsValid(name))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [$"'{SafeText.Excerpt(name)}' is not a valid artifact name (pattern {ArtifactName.Pattern})"] });
        }

        if (ArtifactStore.IsReserved(name))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [$"'{name}' is reserved for files the orchestrator writes (report.json, report.html, hold-N.pub)"] });
        }

        if (http.Request.ContentLength > store.MaxBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
                detail: $"the artifact is larger than the {store.MaxBytes / (1024 * 1024)} MB limit (artifacts.max_upload_mb)");
        }

        RunArtifact saved;
        try
        {
            // A re-upload replaces its file, so its old size does not count against the run's total.
            var used = await db.Artifacts.Where(a => a.RunId == run.Id && a.Name != name).SumAsync(a => a.SizeBytes, cancellationToken);
            saved = await store.SaveAsync(run.Id, name, http.Request.Body, cancellationToken, used);
        }
        catch (ArtifactTooLargeException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: e.Message);
        }

        await db.Entry(run).Collection(r => r.Artifacts).LoadAsync(cancellationToken);
        ArtifactStore.Record(run, saved);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Created($"/api/v1/runs/{run.Id}/artifacts/{name}", new ArtifactStoredDto(name, saved.SizeBytes, saved.Sha256));
    }

    private static async Task<IResult> ResultAsync(HttpContext http, string instructionId, VettingDbContext db, WorkflowRuntime runtime,
        RunLog log, CancellationToken cancellationToken)
    {
        var run = http.AgentRun();
        var (result, error) = await ReadAsync(http, ProtocolJsonContext.Default.StageResult, cancellationToken);
        if (result is null)
        {
            return error!;
        }

        if (!StageStatuses.All.Contains(result.Status))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{SafeText.Clean(result.Status)}' is not one of {string.Join(", ", StageStatuses.All)}"] });
        }

        if (AgentInput.ResultLimits(result) is { } limit)
        {
            return Problems.WithStatus(limit.Status, limit.Detail);
        }

        result = AgentInput.Cleaned(result);

        var instruction = await db.Instructions.FirstOrDefaultAsync(i => i.Id == instructionId && i.RunId == run.Id, cancellationToken);
        if (instruction is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"run {run.Id} has no instruction '{instructionId}'");
        }

        var json = JsonSerializer.Serialize(result, ProtocolJsonContext.Default.StageResult);
        if (instruction.ResultJson is not null)
        {
            return Canonical(instruction.ResultJson) == Canonical(json)
                ? Results.Ok(new ResultAcceptedDto(instructionId, Accepted: true, Repeated: true))
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                    detail: $"a different result for instruction '{instructionId}' was already accepted");
        }

        if (instruction.Withdrawn)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: $"instruction '{instructionId}' is no longer awaited (it timed out or the run moved on)");
        }

        instruction.ResultJson = json;
        instruction.CompletedAt = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (instruction.Kind == InstructionKinds.Stage)
        {
            var resumed = await runtime.ResumeAsync(VettingBookmarks.Stage, VettingBookmarks.InstructionStimulus(instructionId),
                JsonSerializer.SerializeToElement(result, ProtocolJsonContext.Default.StageResult), cancellationToken);
            if (resumed.Any(r => r.Status == ResumeStatus.Resumed))
            {
                return Results.Ok(new ResultAcceptedDto(instructionId, Accepted: true));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (instruction.Kind == InstructionKinds.Hold)
        {
            // No bookmark waits on it, but whether sshd came up is what the operator needs to know next.
            var why = result.Failure is { } failure ? $"{failure.Reason}: {failure.Message}" : result.Summary ?? "the agent gave no reason";
            await log.AppendAsync(run.Id, "orchestrator", result.Status == StageStatuses.Passed
                ? $"hold ready: {result.Summary ?? "the agent reports sshd running"}"
                : $"hold failed: {why}; the node is reachable on its console only", cancellationToken);
        }

        return Results.Ok(new ResultAcceptedDto(instructionId, Accepted: true));
    }

    private static async Task<AgentInstruction?> NextInstructionAsync(VettingDbContext db, int runId, CancellationToken cancellationToken)
    {
        var pending = await db.Instructions
            .Where(i => i.RunId == runId && !i.Withdrawn && i.DeliveredAt == null && i.CompletedAt == null)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
        foreach (var instruction in pending)
        {
            if (instruction.Stage == StageNames.Network && await IperfBusyAsync(db, runId, cancellationToken))
            {
                continue;
            }

            return instruction;
        }

        return null;
    }

    /// <summary>One iperf3 client at a time per server port: another run's network stage holds it until its result.</summary>
    private static Task<bool> IperfBusyAsync(VettingDbContext db, int runId, CancellationToken cancellationToken) =>
        db.Instructions.AnyAsync(i => i.RunId != runId && i.Stage == StageNames.Network && i.DeliveredAt != null
                                      && i.CompletedAt == null && !i.Withdrawn, cancellationToken);

    private static Instruction ToWire(AgentInstruction i) => new()
    {
        InstructionId = i.Id,
        Kind = i.Kind,
        Stage = i.Stage,
        Parameters = JsonNode.Parse(i.ParametersJson) as JsonObject ?? [],
        SshPublicKey = i.SshPublicKey,
        Deadline = i.Deadline,
    };

    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type,
        CancellationToken cancellationToken) where T : class
    {
        if (!(http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "send the body as application/json"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(http.Request.Body, type, cancellationToken);
            return value is null
                ? (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "the body is empty (null)"))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"invalid JSON body: {e.Message}"));
        }
    }

    private static string Canonical(string json) => CanonicalJson.Write(JsonDocument.Parse(json).RootElement);
}
