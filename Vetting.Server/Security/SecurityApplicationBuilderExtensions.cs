namespace Vetting.Server.Security;

public static class SecurityApplicationBuilderExtensions
{
    /// <summary>
    /// Host allowlist (400), then same-origin and JSON body rules for operator writes (403, 415). Place it after
    /// <c>UseForwardedHeaders</c> when behind a reverse proxy, so scheme and host are the ones the browser used.
    /// </summary>
    public static IApplicationBuilder UseVettingSecurity(this IApplicationBuilder app) =>
        app.UseMiddleware<HostAllowlistMiddleware>().UseMiddleware<SameOriginMiddleware>();
}
