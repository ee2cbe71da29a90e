using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Server.Data;
using Vetting.Server.Http;
using Vetting.Server.Runs;

namespace Vetting.Server.Agents;

/// <summary>
/// Bearer-token check for the agent API: no or malformed token → 401, a valid token of another run → 403, the
/// run has ended → 410. An ended run still lets its agent collect a pending poweroff/exit (that is how a
/// cancelled or finished run powers the node off); after that it is 410 too.
/// </summary>
public static class AgentAccess
{
    private const string RunKey = "vetting.agent.run";

    public static RouteGroupBuilder RequireAgentToken(this RouteGroupBuilder group) =>
        group.WithMetadata(Security.AgentEndpoint.Marker).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!int.TryParse(http.GetRouteValue("id") as string, out var runId))
            {
                return Problems.NotFound("no such run");
            }

            var token = AgentTokens.FromHeader(http.Request.Headers.Authorization);
            if (token is null)
            {
                return Problems.WithStatus(StatusCodes.Status401Unauthorized, "missing or malformed 'Authorization: Bearer <token>' header");
            }

            var db = http.RequestServices.GetRequiredService<VettingDbContext>();
            var run = await db.Runs.Include(r => r.Host).FirstOrDefaultAsync(r => r.Id == runId, http.RequestAborted);
            if (run is null || !AgentTokens.Matches(token, run.TokenHash))
            {
                var hash = AgentTokens.Hash(token);
                var owner = await db.Runs.AnyAsync(r => r.TokenHash == hash, http.RequestAborted);
                return owner
                    ? Problems.Forbidden($"this token belongs to another run, not run {runId}")
                    : Problems.WithStatus(StatusCodes.Status401Unauthorized, "the token is not valid");
            }

            // The node was booted by its site's orchestrator, which drives its steps and keeps its files; an agent that
            // reaches another one (a wrong vetting.orchestrator, a routed network) is told where it belongs.
            var site = http.RequestServices.GetRequiredService<Sites.SiteGuard>();
            if (!site.IsLocal(run.Site))
            {
                var url = await site.UrlOfAsync(run.Site, http.RequestAborted);
                return Problems.WithStatus(StatusCodes.Status421MisdirectedRequest,
                    $"run {runId} belongs to site '{run.Site}'{(url is null ? "" : $" ({url})")}; this orchestrator serves site '{site.Current}'");
            }

            // An ended run's agent may only collect its pending poweroff: nothing it sends can change the run any more.
            var collectingPowerOff = http.Request.Method == HttpMethods.Get && http.Request.Path.Value?.EndsWith("/next", StringComparison.Ordinal) == true;
            if (RunStates.IsTerminal(run.State) && !(collectingPowerOff && await http.RequestServices.GetRequiredService<AgentMailbox>().HasPendingFinalAsync(runId, http.RequestAborted)))
            {
                return Problems.WithStatus(StatusCodes.Status410Gone, $"run {runId} has ended ({run.State})");
            }

            // A sign of life is written on its own, outside the run's concurrency stamp: a heartbeat must never
            // conflict with (or be undone by) a workflow step changing the same run. Only when the stored one is older
            // than the presence's resolution: most calls of a busy agent then write nothing.
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            if (http.RequestServices.GetRequiredService<AgentPresence>().IsNewSignOfLife(run, now))
            {
                await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.AgentSeenAt, now), http.RequestAborted);
                run.AgentSeenAt = now;
                db.Entry(run).Property(r => r.AgentSeenAt).IsModified = false;
            }
            http.Items[RunKey] = run;
            return await next(context);
        });

    /// <summary>The authenticated, tracked run of this request.</summary>
    public static Run AgentRun(this HttpContext http) => (Run)http.Items[RunKey]!;
}
