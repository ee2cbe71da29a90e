using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Server.Data;
using Vetting.Server.Http;
using Vetting.Server.Runs;
using Vetting.Workflows.Versioning;

namespace Vetting.Server.Hosts;

public static class HostsApi
{
    public const string DefaultWorkflow = "vetting";

    public static IEndpointRouteBuilder MapHosts(this IEndpointRouteBuilder app)
    {
        var hosts = app.MapGroup("/api/v1/hosts").WithTags("Hosts");
        hosts.MapGet("/", ListAsync);
        hosts.MapPost("/", CreateAsync)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        hosts.MapGet("/{id:int}", GetAsync).Problems(StatusCodes.Status404NotFound);
        hosts.MapPut("/{id:int}", UpdateAsync)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        hosts.MapDelete("/{id:int}", DeleteAsync).Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        hosts.MapPost("/{id:int}/runs", StartRunAsync)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Every site's hosts (an orchestrator shows them all), or those of <paramref name="site"/>.</summary>
    private static async Task<Ok<IEnumerable<HostDto>>> ListAsync(VettingDbContext db, [Microsoft.AspNetCore.Mvc.FromQuery] string? site, CancellationToken cancellationToken)
    {
        var query = db.Hosts.Where(h => h.DeletedAt == null);
        if (site is not null)
        {
            query = query.Where(h => h.Site == site);
        }

        var hosts = await query.OrderBy(h => h.Name).ToListAsync(cancellationToken);
        var latest = await LatestRunsAsync(db, hosts.Select(h => h.Id).ToList(), cancellationToken);
        return TypedResults.Ok(hosts.Select(h => h.ToDto(latest.GetValueOrDefault(h.Id))));
    }

    private static async Task<Results<Ok<HostDto>, ProblemHttpResult>> GetAsync(int id, VettingDbContext db, CancellationToken cancellationToken)
    {
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Id == id && h.DeletedAt == null, cancellationToken);
        if (host is null)
        {
            return NotFound(id);
        }

        var latest = await LatestRunsAsync(db, [id], cancellationToken);
        return TypedResults.Ok(host.ToDto(latest.GetValueOrDefault(id)));
    }

    private static async Task<Results<Created<HostDto>, ProblemHttpResult>> CreateAsync(HostRequest request, VettingDbContext db, Configuration.SiteOptions site, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (HostValidation.TooLarge(request) is { } tooLarge)
        {
            return tooLarge;
        }

        var (valid, errors) = HostValidation.Check(request);
        if (valid is null)
        {
            return Problems.Validation(errors, title: "The host is not valid");
        }

        if (await DuplicateAsync(db, valid, exceptId: null, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var now = clock.GetUtcNow();
        var host = new RegisteredHost
        {
            Name = valid.Name, Mac = valid.Mac, WolBroadcast = valid.WolBroadcast, ExpectedSpec = valid.ExpectedSpec, Site = valid.Site ?? site.Name,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Hosts.Add(host);
        if (await SaveOrConflictAsync(db, $"another host already uses the name '{valid.Name}' or MAC {valid.Mac}", cancellationToken) is { } clash)
        {
            return clash;
        }
        return TypedResults.Created($"/api/v1/hosts/{host.Id}", host.ToDto(null));
    }

    private static async Task<Results<Ok<HostDto>, ProblemHttpResult>> UpdateAsync(int id, HostRequest request, VettingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Id == id && h.DeletedAt == null, cancellationToken);
        if (host is null)
        {
            return NotFound(id);
        }

        if (HostValidation.TooLarge(request) is { } tooLarge)
        {
            return tooLarge;
        }

        var (valid, errors) = HostValidation.Check(request);
        if (valid is null)
        {
            return Problems.Validation(errors, title: "The host is not valid");
        }

        if (await DuplicateAsync(db, valid, exceptId: id, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        if (valid.Site is { } moved && moved != host.Site && await ActiveRunAsync(db, id, cancellationToken) is { } running)
        {
            return Problems.Conflict($"host '{host.Name}' has an active run ({running.Id}, {running.State}) on site '{host.Site}'; it can move to '{moved}' once that run ends");
        }

        (host.Name, host.Mac, host.WolBroadcast, host.ExpectedSpec, host.Site, host.UpdatedAt) =
            (valid.Name, valid.Mac, valid.WolBroadcast, valid.ExpectedSpec, valid.Site ?? host.Site, clock.GetUtcNow());
        if (await SaveOrConflictAsync(db, $"another host already uses the name '{valid.Name}' or MAC {valid.Mac}", cancellationToken) is { } clash)
        {
            return clash;
        }
        var latest = await LatestRunsAsync(db, [id], cancellationToken);
        return TypedResults.Ok(host.ToDto(latest.GetValueOrDefault(id)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, VettingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Id == id && h.DeletedAt == null, cancellationToken);
        if (host is null)
        {
            return NotFound(id);
        }

        if (await ActiveRunAsync(db, id, cancellationToken) is { } active)
        {
            return Problems.Conflict($"host '{host.Name}' has an active run ({active.Id}, {active.State}); cancel it first");
        }

        // Run history keeps referring to the host, so it is hidden rather than removed.
        host.DeletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<RunSummaryDto>, ProblemHttpResult>> StartRunAsync(int id, StartRunRequest? request, VettingDbContext db, WorkflowDefinitionService definitions,
        RunScheduler scheduler, TimeProvider clock, CancellationToken cancellationToken)
    {
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Id == id && h.DeletedAt == null, cancellationToken);
        if (host is null)
        {
            return NotFound(id);
        }

        var profile = request?.Profile ?? RunProfiles.Default;
        var workflow = request?.Workflow ?? DefaultWorkflow;
        var definition = await definitions.FindPublishedAsync(workflow, cancellationToken);
        if (definition is null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["workflow"] = [$"workflow definition '{SafeText.Excerpt(workflow)}' has no published version"] },
                title: "The run cannot start");
        }

        var profiles = RunProfiles.Of(definition);
        if (!profiles.Contains(profile))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["profile"] = [$"'{SafeText.Excerpt(profile)}' is not a profile of workflow '{workflow}' v{definition.Version}; use {string.Join(", ", profiles)}"],
            }, title: "The run cannot start");
        }

        if (await ActiveRunAsync(db, id, cancellationToken) is { } active)
        {
            return Problems.Conflict($"host '{host.Name}' already has an active run ({active.Id}, {active.State})");
        }

        if (HostValidation.Oversized(host.ExpectedSpec))
        {
            // Stored before specs were capped: every stage would parse it again. The operator replaces it first.
            return Problems.Conflict($"host '{host.Name}' has a stored expected spec over {HostValidation.MaxSpecBytes} bytes; replace it (PUT /api/v1/hosts/{id}) before starting a run");
        }

        var run = Run.Queue(host, profile, workflow, clock.GetUtcNow());
        db.Runs.Add(run);
        if (await SaveOrConflictAsync(db, $"host '{host.Name}' already has an active run", cancellationToken) is { } clash)
        {
            return clash;
        }
        scheduler.Wake();
        return TypedResults.Created($"/api/v1/runs/{run.Id}", run.ToSummary());
    }

    internal static Task<Run?> ActiveRunAsync(VettingDbContext db, int hostId, CancellationToken cancellationToken) =>
        db.Runs.Where(r => r.HostId == hostId && !RunStates.IsTerminalStates.Contains(r.State))
            .FirstOrDefaultAsync(cancellationToken);

    private static async Task<ProblemHttpResult?> DuplicateAsync(VettingDbContext db, HostValidation.Valid host, int? exceptId, CancellationToken cancellationToken)
    {
        var clash = await db.Hosts.Where(h => h.DeletedAt == null && h.Id != exceptId && (h.Name == host.Name || h.Mac == host.Mac))
            .FirstOrDefaultAsync(cancellationToken);
        return clash is null
            ? null
            : Problems.Conflict(clash.Name == host.Name ? $"a host named '{host.Name}' already exists" : $"host '{clash.Name}' already has MAC {host.Mac}");
    }

    private static async Task<Dictionary<int, RunSummaryDto>> LatestRunsAsync(VettingDbContext db, List<int> hostIds, CancellationToken cancellationToken)
    {
        var latestIds = await db.Runs.Where(r => hostIds.Contains(r.HostId)).GroupBy(r => r.HostId).Select(g => g.Max(r => r.Id)).ToListAsync(cancellationToken);
        var runs = await db.Runs.Include(r => r.Host).Where(r => latestIds.Contains(r.Id)).ToListAsync(cancellationToken);
        return runs.ToDictionary(r => r.HostId, r => r.ToSummary());
    }

    /// <summary>
    /// Saves; a unique-index violation (the loser of two simultaneous requests that both passed the checks above)
    /// becomes a 409 instead of a 500.
    /// </summary>
    private static async Task<ProblemHttpResult?> SaveOrConflictAsync(VettingDbContext db, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Problems.Conflict(detail);
        }
    }

    private static ProblemHttpResult NotFound(int id) => Problems.NotFound($"host {id} does not exist");

    private static HostDto ToDto(this RegisteredHost h, RunSummaryDto? latest) =>
        new(h.Id, h.Name, h.Mac, h.WolBroadcast, h.ExpectedSpec, h.CreatedAt, h.UpdatedAt, latest, h.Site);
}
