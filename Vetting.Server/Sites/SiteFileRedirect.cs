using Microsoft.EntityFrameworkCore;
using Vetting.Server.Data;

namespace Vetting.Server.Sites;

/// <summary>
/// For the report, artifacts and log of a run of another site: those files are on that site's orchestrator, so the
/// request is redirected there (307, same path and query); a site that has never reported its URL gets the guard's
/// 409. Runs of this site, unknown runs and malformed ids go on to the endpoint as before.
/// </summary>
public sealed class SiteFileRedirect : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!int.TryParse(http.Request.RouteValues["id"] as string, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return await next(context);
        }

        var services = http.RequestServices;
        var guard = services.GetRequiredService<SiteGuard>();
        var site = await services.GetRequiredService<VettingDbContext>().Runs.Where(r => r.Id == id).Select(r => r.Site).FirstOrDefaultAsync(http.RequestAborted);
        if (site is null || guard.IsLocal(site))
        {
            return await next(context);
        }

        var url = await guard.UrlOfAsync(site, http.RequestAborted);
        return url is null
            ? await guard.RefuseIfElsewhereAsync(site, $"run {id}", http.RequestAborted)
            : Results.Redirect(url + http.Request.Path + http.Request.QueryString, permanent: false, preserveMethod: true);
    }
}
