using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Server.Data;
using Vetting.Server.Http;
using Vetting.Server.Sites;

namespace Vetting.Server.Runs;

public static class RunsApi
{
    public static IEndpointRouteBuilder MapRuns(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/v1/runs").WithTags("Runs");
        runs.MapGet("/", ListAsync).Problems(StatusCodes.Status400BadRequest);
        runs.MapGet("/{id:int}", GetAsync).Problems(StatusCodes.Status404NotFound);
        runs.MapPost("/{id:int}/cancel", (int id, IServiceScopeFactory scopes, VettingDbContext db, SiteGuard sites, CancellationToken ct) =>
            ControlAsync(id, db, sites, scopes, (control, c) => control.CancelAsync(id, c), ct))
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        runs.MapPost("/{id:int}/override-wipe-probe", (int id, IServiceScopeFactory scopes, VettingDbContext db, SiteGuard sites, CancellationToken ct) =>
            ControlAsync(id, db, sites, scopes, (control, c) => control.OverrideWipeProbeAsync(id, c), ct))
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        runs.MapPost("/{id:int}/release", (int id, IServiceScopeFactory scopes, VettingDbContext db, SiteGuard sites, CancellationToken ct) =>
            ControlAsync(id, db, sites, scopes, (control, c) => control.ReleaseAsync(id, c), ct))
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        // A run's files are on the disk of its site's orchestrator: for a run of another site these redirect there.
        runs.MapGet("/{id:int}/report.json", (int id, ArtifactStore store) => ReportFile(id, store, "report.json", "application/json"))
            .Produces<Reports.RunReport>().Problems(StatusCodes.Status404NotFound).AddEndpointFilter<SiteFileRedirect>();
        runs.MapGet("/{id:int}/report.html", (int id, ArtifactStore store) => ReportFile(id, store, "report.html", "text/html; charset=utf-8"))
            .Produces<string>(StatusCodes.Status200OK, "text/html").Problems(StatusCodes.Status404NotFound).AddEndpointFilter<SiteFileRedirect>();
        runs.MapGet("/{id:int}/artifacts", ListArtifactsAsync).Problems(StatusCodes.Status404NotFound);
        runs.MapGet("/{id:int}/artifacts/{name}", DownloadArtifactAsync)
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream", "application/json", "text/plain")
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound).AddEndpointFilter<SiteFileRedirect>();
        runs.MapGet("/{id:int}/log", LogAsync).Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound).AddEndpointFilter<SiteFileRedirect>();
        // report.html links its artifacts by bare name; served at /runs/{id}/report.html those resolve here.
        // Its id is left unconstrained like the agent routes' (/{id}/next), so their literal segments still win.
        runs.MapGet("/{id}/{name}", DownloadArtifactAsync).ExcludeFromDescription().AddEndpointFilter<SiteFileRedirect>();
        return app;
    }

    private static async Task<Results<Ok<IEnumerable<RunSummaryDto>>, ProblemHttpResult>> ListAsync(VettingDbContext db, [FromQuery] int? hostId, [FromQuery] string? state, [FromQuery] int? limit,
        [FromQuery] string? site, CancellationToken cancellationToken)
    {
        if (state is not null && !RunStates.All.Contains(state))
        {
            return Problems.Field("state", $"'{SafeText.Excerpt(state)}' is not a run state ({string.Join(", ", RunStates.All)})");
        }

        if (limit is < 1 or > 1000)
        {
            return Problems.Field("limit", "must be between 1 and 1000");
        }

        var query = db.Runs.Include(r => r.Host).AsNoTracking();
        if (hostId is { } h)
        {
            query = query.Where(r => r.HostId == h);
        }

        if (state is not null)
        {
            query = query.Where(r => r.State == state);
        }

        if (site is not null)
        {
            query = query.Where(r => r.Site == site);
        }

        var runs = await query.OrderByDescending(r => r.Id).Take(limit ?? 100).ToListAsync(cancellationToken);
        return TypedResults.Ok(runs.Select(r => r.ToSummary()));
    }

    private static async Task<Results<Ok<RunDto>, ProblemHttpResult>> GetAsync(int id, VettingDbContext db, HoldKeys keys, CancellationToken cancellationToken)
    {
        var run = await db.LoadAsync(id, cancellationToken);
        if (run is null)
            return NotFound(id);
        var deliveries = await db.NotificationDeliveries.AsNoTracking().Where(d => d.RunId == id).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(run.ToDto(keys, deliveries));
    }

    /// <summary>
    /// Runs an operator action in its own scope. When a workflow step changed the run at the same moment (the
    /// run's stamp moved), the action is retried on fresh data rather than overwriting that step.
    /// </summary>
    private static async Task<Results<Accepted<RunSummaryDto>, ProblemHttpResult>> ControlAsync(int id, VettingDbContext db, SiteGuard sites, IServiceScopeFactory scopes,
        Func<RunControl, CancellationToken, Task<ControlResult>> action, CancellationToken cancellationToken)
    {
        var site = await db.Runs.Where(r => r.Id == id).Select(r => r.Site).FirstOrDefaultAsync(cancellationToken);
        if (site is null)
        {
            return NotFound(id);
        }

        // Its steps write the run's files and talk to its node: only its own site's orchestrator may take them.
        if (await sites.RefuseIfElsewhereAsync(site, $"run {id}", cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        ControlResult result;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                result = await action(scope.ServiceProvider.GetRequiredService<RunControl>(), cancellationToken);
                break;
            }
            catch (Exception e) when (attempt < 5 && e is DbUpdateConcurrencyException or Vetting.Workflows.Persistence.WorkflowConcurrencyException)
            {
                await Task.Delay(20 * attempt, cancellationToken);
            }
        }

        if (!result.Ok)
        {
            return Problems.Conflict(result.Problem ?? $"run {id} cannot do that now");
        }

        var run = await db.Runs.Include(r => r.Host).AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
        return TypedResults.Accepted((string?)null, run.ToSummary());
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> ReportFile(int id, ArtifactStore store, string name, string contentType)
    {
        var path = store.PathOf(id, name)!;
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, contentType)
            : Problems.NotFound($"run {id} has no {name} yet: it is written when the run ends (or is held)");
    }

    private static async Task<Results<Ok<IEnumerable<ArtifactDto>>, ProblemHttpResult>> ListArtifactsAsync(int id, VettingDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Runs.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        var artifacts = await db.Artifacts.AsNoTracking().Where(a => a.RunId == id).OrderBy(a => a.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(artifacts.Select(a => new ArtifactDto(a.Name, a.SizeBytes, a.Sha256, a.CreatedAt)));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadArtifactAsync(HttpContext http, int id, string name, VettingDbContext db, ArtifactStore store, CancellationToken cancellationToken)
    {
        var path = store.PathOf(id, name);
        if (path is null)
        {
            return Problems.Field("name", $"'{SafeText.Excerpt(name)}' is not a valid artifact name");
        }

        if (!await db.Artifacts.AnyAsync(a => a.RunId == id && a.Name == name, cancellationToken) || !File.Exists(path))
        {
            return Problems.NotFound($"run {id} has no artifact '{name}' (or it was pruned by retention)");
        }

        // Agent uploads are shown as text, never rendered: an uploaded page must not run on the orchestrator's origin.
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        var type = Path.GetExtension(name) switch
        {
            ".json" => "application/json",
            ".html" when name == "report.html" => "text/html; charset=utf-8",
            ".html" => "text/plain; charset=utf-8",
            ".log" or ".txt" or ".pub" or ".yaml" => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        };
        return TypedResults.PhysicalFile(path, type, fileDownloadName: type == "application/octet-stream" ? name : null);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> LogAsync(HttpContext http, int id, [FromQuery] int? tail, VettingDbContext db, RunLog log, CancellationToken cancellationToken)
    {
        // The log holds the node's own words: never let a browser sniff it into something it would render.
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        if (tail is < 1 or > 100_000)
        {
            return Problems.Field("tail", "must be between 1 and 100000");
        }

        return await db.Runs.AnyAsync(r => r.Id == id, cancellationToken)
            ? TypedResults.Text(await log.TailAsync(id, tail, cancellationToken), "text/plain; charset=utf-8")
            : NotFound(id);
    }

    private static ProblemHttpResult NotFound(int id) => Problems.NotFound($"run {id} does not exist");
}
