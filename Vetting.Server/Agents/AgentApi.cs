using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Protocol;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Http;
using Vetting.Server.Runs;
using Vetting.Workflows.Definitions;

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
            .DocumentsBody<HelloRequest>("application/json").AgentProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/next", NextAsync).Produces<Instruction>().AgentProblems(StatusCodes.Status400BadRequest);
        group.MapPost("/heartbeat", HeartbeatAsync).WithMetadata(new RequestSizeLimitAttribute(JsonLimit))
            .DocumentsBody<HeartbeatRequest>("application/json", required: false).AgentProblems(StatusCodes.Status400BadRequest);
        group.MapPost("/log", LogAsync).WithMetadata(new RequestSizeLimitAttribute(LogLimit))
            .DocumentsBody<string>("text/plain").AgentProblems(StatusCodes.Status413PayloadTooLarge);
        group.MapPut("/artifacts/{name}", PutArtifactAsync).WithMetadata(new DisableRequestSizeLimitAttribute())
            .DocumentsBody<byte[]>("application/octet-stream")
            .AgentProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/instructions/{instructionId}/result", ResultAsync).WithMetadata(new RequestSizeLimitAttribute(JsonLimit))
            .DocumentsBody<StageResult>("application/json")
            .AgentProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<Results<Ok<HelloResponse>, ProblemHttpResult>> HelloAsync(HttpContext http, AgentMailbox mailbox, RunResumer resumer, AgentOptions options,
        TimeProvider clock, RunLog log, CancellationToken cancellationToken)
    {
        var (hello, error) = await AgentBody.ReadJsonAsync(http, ProtocolJsonContext.Default.HelloRequest, cancellationToken);
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
        // A hello comes from a fresh agent process (the node rebooted, or the service restarted the agent).
        await mailbox.RedeliverAsync(run.Id, cancellationToken);

        await log.AppendAsync(run.Id, "orchestrator", $"agent hello: {hello.Hostname} {run.AgentIp} boot {hello.BootId} agent {hello.AgentVersion}{(rebooted ? " (the node rebooted)" : "")}", cancellationToken);
        await resumer.HelloAsync(run.Id, cancellationToken);
        return TypedResults.Ok(new HelloResponse { RunId = run.Id, HeartbeatSeconds = options.HeartbeatSeconds, ServerTime = clock.GetUtcNow() });
    }

    private static async Task<Results<JsonHttpResult<Instruction>, NoContent, ProblemHttpResult>> NextAsync(HttpContext http, VettingDbContext db, AgentMailbox mailbox, InstructionSignals signals, RunLog log, TimeProvider clock,
        [FromQuery] int? waitSeconds, CancellationToken cancellationToken)
    {
        if (waitSeconds is < 0 or > 60)
        {
            return Problems.Field("waitSeconds", "must be between 0 and 60");
        }

        var run = http.AgentRun();
        await db.SaveChangesAsync(cancellationToken);
        var until = clock.GetUtcNow().AddSeconds(waitSeconds ?? 30);
        while (true)
        {
            // Armed before the read: an instruction committed while we look still wakes this call.
            var armed = signals.Arm(run.Id);
            var (instruction, waitsForPort) = await mailbox.NextAsync(run.Id, cancellationToken);
            if (instruction is not null)
            {
                signals.Park(run.Id, forPort: false);
                if (instruction.DeliveredAt is { } before)
                {
                    await log.AppendAsync(run.Id, "orchestrator", $"instruction {instruction.Id} ({instruction.Stage ?? instruction.Kind}) handed out again: the agent asked for its next instruction without answering it, so the one sent at {before:HH:mm:ss} never reached it", cancellationToken);
                }

                instruction.DeliveredAt = clock.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Json(AgentMailbox.ToWire(instruction), ProtocolJsonContext.Default.Instruction);
            }

            signals.Park(run.Id, waitsForPort);
            var left = until - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return TypedResults.NoContent();
            }

            // Re-check at least every few seconds anyway: the port can also be freed by another process's commit.
            await InstructionSignals.WaitAsync(armed, left < TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5), clock, cancellationToken);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> HeartbeatAsync(HttpContext http, VettingDbContext db, AgentMailbox mailbox, RunLog log, RunProgress progress, CancellationToken cancellationToken)
    {
        var run = http.AgentRun();
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (beat, error) = await AgentBody.ReadJsonAsync(http, ProtocolJsonContext.Default.HeartbeatRequest, cancellationToken);
            if (beat is null)
            {
                return error!;
            }

            // One read of the instruction the beat is about: whether it was withdrawn, and which stage it is.
            var instruction = beat.InstructionId is { } instructionId ? await mailbox.FindAsync(run.Id, instructionId, cancellationToken) : null;
            if (instruction is { Withdrawn: true })
            {
                // The stage was cancelled or timed out under the agent: 410 makes it stop the stage and ask for the next instruction.
                return Problems.WithStatus(StatusCodes.Status410Gone,
                    $"instruction '{instruction.Id}' was withdrawn (the run was cancelled or the stage timed out); stop it and poll next");
            }

            progress.Report(run.Id, instruction?.Stage, beat);
            if (beat.Message is { Length: > 0 } message)
            {
                await log.AppendAsync(run.Id, "agent", beat.Percent is { } p ? $"[{p:0}%] {message}" : message, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogAsync(HttpContext http, VettingDbContext db, RunLog log, CancellationToken cancellationToken)
    {
        var run = http.AgentRun();
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        await log.AppendAsync(run.Id, "agent", text, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<ArtifactStoredDto>, ProblemHttpResult>> PutArtifactAsync(HttpContext http, string name, VettingDbContext db, ArtifactStore store, CancellationToken cancellationToken)
    {
        var run = http.AgentRun();
        if (!ArtifactName.IsValid(name))
        {
            return Problems.Field("name", $"'{SafeText.Excerpt(name)}' is not a valid artifact name (pattern {ArtifactName.Pattern})");
        }

        if (ArtifactStore.IsReserved(name))
        {
            return Problems.Field("name", $"'{name}' is reserved for files the orchestrator writes (report.json, report.html, hold-N.pub)");
        }

        if (http.Request.ContentLength > store.MaxBytes)
        {
            return Problems.WithStatus(StatusCodes.Status413PayloadTooLarge,
                $"the artifact is larger than the {store.MaxBytes / (1024 * 1024)} MB limit (artifacts.max_upload_mb)");
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
            return Problems.WithStatus(StatusCodes.Status413PayloadTooLarge, e.Message);
        }

        await db.Entry(run).Collection(r => r.Artifacts).LoadAsync(cancellationToken);
        ArtifactStore.Record(run, saved);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/runs/{run.Id}/artifacts/{name}", new ArtifactStoredDto(name, saved.SizeBytes, saved.Sha256));
    }

    private static async Task<Results<Ok<ResultAcceptedDto>, ProblemHttpResult>> ResultAsync(HttpContext http, string instructionId, VettingDbContext db, AgentMailbox mailbox, RunResumer resumer,
        TimeProvider clock, RunLog log, CancellationToken cancellationToken)
    {
        var run = http.AgentRun();
        var (result, error) = await AgentBody.ReadJsonAsync(http, ProtocolJsonContext.Default.StageResult, cancellationToken);
        if (result is null)
        {
            return error!;
        }

        if (!StageStatuses.All.Contains(result.Status))
        {
            return Problems.Field("status", $"'{SafeText.Clean(result.Status)}' is not one of {string.Join(", ", StageStatuses.All)}");
        }

        if (AgentInput.ResultLimits(result) is { } limit)
        {
            return Problems.WithStatus(limit.Status, limit.Detail);
        }

        result = AgentInput.Cleaned(result);

        var instruction = await mailbox.FindAsync(run.Id, instructionId, cancellationToken);
        if (instruction is null)
        {
            return Problems.NotFound($"run {run.Id} has no instruction '{instructionId}'");
        }

        var json = JsonSerializer.Serialize(result, ProtocolJsonContext.Default.StageResult);
        if (instruction.ResultJson is not null)
        {
            return Canonical(instruction.ResultJson) == Canonical(json)
                ? TypedResults.Ok(new ResultAcceptedDto(instructionId, Accepted: true, Repeated: true))
                : Problems.Conflict($"a different result for instruction '{instructionId}' was already accepted");
        }

        if (instruction.Withdrawn)
        {
            return Problems.Conflict($"instruction '{instructionId}' is no longer awaited (it timed out or the run moved on)");
        }

        instruction.ResultJson = json;
        instruction.CompletedAt = clock.GetUtcNow();
        if (instruction.Kind == InstructionKinds.Stage)
        {
            await resumer.StageReportedAsync(instructionId, result, cancellationToken);
            return TypedResults.Ok(new ResultAcceptedDto(instructionId, Accepted: true));
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

        return TypedResults.Ok(new ResultAcceptedDto(instructionId, Accepted: true));
    }

    private static string Canonical(string json) => CanonicalJson.Write(JsonDocument.Parse(json).RootElement);
}
