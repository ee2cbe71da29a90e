using Microsoft.AspNetCore.HttpOverrides;

namespace Vetting.Server.Security;

public static class SecurityApplicationBuilderExtensions
{
    /// <summary>
    /// X-Forwarded-For/-Proto/-Host from a reverse proxy on this machine, then the host allowlist (400), then the
    /// same-origin and JSON body rules for operator writes (403, 415).
    /// </summary>
    /// <remarks>
    /// A TLS-terminating proxy in front of the orchestrator (docs/operations.md) forwards plain http, so without the
    /// forwarded scheme a browser's <c>https://</c> Origin would never match and every write would be refused.
    /// Only loopback peers are trusted (the framework's default KnownProxies/KnownNetworks): a client elsewhere on
    /// the LAN cannot forge its scheme or host by sending the headers itself.
    /// </remarks>
    public static IApplicationBuilder UseVettingSecurity(this IApplicationBuilder app) =>
        app.UseForwardedHeaders(new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            })
            .UseMiddleware<HostAllowlistMiddleware>()
            .UseMiddleware<SameOriginMiddleware>();
}
