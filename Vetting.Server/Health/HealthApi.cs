using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Server.Data;

namespace Vetting.Server.Health;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", HealthAsync).WithTags("Health").Produces<HealthDto>().Produces<HealthDto>(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/metrics", MetricsAsync).WithTags("Health").Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    /// <summary>200 when the database answers (and dnsmasq runs, when supervised); 503 with the reason otherwise.</summary>
    private static async Task<JsonHttpResult<HealthDto>> HealthAsync(VettingDbContext db, IEnumerable<IHealthContributor> contributors, CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, object>();
        var healthy = true;
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            checks["database"] = new { status = "ok" };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            checks["database"] = new { status = "failed", error = e.Message };
            healthy = false;
        }

        foreach (var contributor in contributors)
        {
            var (ok, detail) = contributor.Check();
            checks[contributor.Name] = detail;
            healthy &= ok;
        }

        return TypedResults.Json(new HealthDto(healthy ? "ok" : "failed", checks), statusCode: healthy ? 200 : 503);
    }

    /// <summary>Prometheus text format: run counts by state, hosts, and queue depth.</summary>
    private static async Task<ContentHttpResult> MetricsAsync(VettingDbContext db, CancellationToken cancellationToken)
    {
        var byState = await db.Runs.GroupBy(r => r.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var hosts = await db.Hosts.CountAsync(h => h.DeletedAt == null, cancellationToken);
        var text = new StringBuilder();
        text.Append("# HELP vetting_runs Runs by state.\n# TYPE vetting_runs gauge\n");
        foreach (var state in RunStates.All)
        {
            var count = byState.FirstOrDefault(s => s.State == state)?.Count ?? 0;
            text.Append(CultureInfo.InvariantCulture, $"vetting_runs{{state=\"{state}\"}} {count}\n");
        }

        text.Append("# HELP vetting_hosts Registered hosts.\n# TYPE vetting_hosts gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"vetting_hosts {hosts}\n");
        var active = byState.Where(s => s.State != RunStates.Queued && !RunStates.IsTerminal(s.State)).Sum(s => s.Count);
        text.Append("# HELP vetting_runs_active Runs past Queued that have not ended.\n# TYPE vetting_runs_active gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"vetting_runs_active {active}\n");
        return TypedResults.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }
}

/// <summary><c>/healthz</c>: <c>ok</c> or <c>failed</c>, and each check's own detail (database, dnsmasq, iperf3).</summary>
public sealed record HealthDto(string Status, IReadOnlyDictionary<string, object> Checks);

/// <summary>Something /healthz reports on besides the database (dnsmasq when supervised).</summary>
public interface IHealthContributor
{
    string Name { get; }

    (bool Healthy, object Detail) Check();
}
