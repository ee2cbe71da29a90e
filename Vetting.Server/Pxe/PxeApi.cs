using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Protocol;
using Vetting.Server.Agents;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Http;
using Vetting.Server.Runs;

namespace Vetting.Server.Pxe;

/// <summary>
/// The HTTP end of the boot chain. <c>boot.ipxe</c> answers every MAC and never fails: a node whose run waits for
/// boot gets a script that loads the live image with a fresh per-run token; every other MAC gets <c>exit</c>, so a
/// node back in production falls through to its local disk.
/// </summary>
public static class PxeApi
{
    public static IEndpointRouteBuilder MapPxe(this IEndpointRouteBuilder app)
    {
        var pxe = app.MapGroup("/pxe").WithTags("PXE");
        pxe.MapGet("/boot.ipxe", BootScriptAsync).Produces<string>(StatusCodes.Status200OK, IpxeScripts.ContentType);
        pxe.MapGet("/vmlinuz", (PxeOptions options, PathOptions paths) => ImageFile(options, paths, "vmlinuz")).Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream").Problems(StatusCodes.Status404NotFound);
        pxe.MapGet("/initrd.img", (PxeOptions options, PathOptions paths) => ImageFile(options, paths, "initrd.img")).Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream").Problems(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<ContentHttpResult> BootScriptAsync(string? mac, VettingDbContext db, RunLifecycle lifecycle, RunResumer resumer, ServerOptions server,
        SiteOptions site, RunLog log, ILogger<PxeScriptLog> logger, CancellationToken cancellationToken)
    {
        if (!MacAddress.TryNormalize(mac, out var normalized))
        {
            logger.LogInformation("pxe: boot script asked for by an unreadable MAC '{Mac}': exit", Http.SafeText.Excerpt(mac, 40));
            return Script(IpxeScripts.Exit());
        }

        // A workflow step may change the run between our read and our commit (a Wake-on-LAN resend, a timer): the
        // commit then conflicts, and the node must not get `exit` for it (it would boot its disk and the run would
        // time out), so the fetch is served again from a fresh read.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ServeAsync(normalized, db, lifecycle, resumer, server, site, log, logger, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never 5xx to a booting node: it would retry forever instead of falling through to its disk.
                logger.LogError(e, "pxe: boot script for {Mac} failed; answering exit", normalized);
                return Script(IpxeScripts.Exit());
            }
        }
    }

    private static async Task<ContentHttpResult> ServeAsync(string normalized, VettingDbContext db, RunLifecycle lifecycle, RunResumer resumer, ServerOptions server,
        SiteOptions site, RunLog log, ILogger<PxeScriptLog> logger, CancellationToken cancellationToken)
    {
        var run = await db.Runs.Include(r => r.Host)
            .Where(r => r.Host.Mac == normalized && r.Host.DeletedAt == null && (r.State == RunStates.WaitingWoL || r.State == RunStates.Booting))
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return Script(IpxeScripts.Exit());
        }

        if (run.Site != site.Name)
        {
            // Booted on the wrong segment, or asked the wrong orchestrator: its own site's orchestrator boots it.
            logger.LogWarning("pxe: {Mac} (run {RunId}) belongs to site '{Site}', not '{Here}': exit", normalized, run.Id, run.Site, site.Name);
            return Script(IpxeScripts.Exit());
        }

        // A fresh token per fetch: if the node reboots into the script again, only the newest boot can talk to us.
        var token = AgentTokens.NewToken();
        run.TokenHash = AgentTokens.Hash(token);
        await log.AppendAsync(run.Id, "orchestrator", $"node {normalized} fetched its iPXE script", cancellationToken);
        if (run.State == RunStates.WaitingWoL)
        {
            await lifecycle.MoveAsync(run, RunStates.Booting, cancellationToken);
        }

        await resumer.BootFetchedAsync(run.Id, cancellationToken);

        return Script(IpxeScripts.Boot(server.EffectivePublicUrl, normalized, new PxeBootTarget(run.Id, token)));
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> ImageFile(PxeOptions options, PathOptions paths, string name)
    {
        var path = Path.Combine(options.ImageDir ?? Path.Combine(paths.DataDir, "image"), name);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, "application/octet-stream", enableRangeProcessing: true)
            : Problems.NotFound($"{name} is not in the image directory ({Path.GetDirectoryName(path)}); build it with 'make live-image'");
    }

    private static ContentHttpResult Script(string text) => TypedResults.Text(text, IpxeScripts.ContentType);

    /// <summary>Logger category for the boot-script endpoint.</summary>
    public sealed class PxeScriptLog;
}
