using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Vetting.Server.Configuration;

namespace Vetting.Server.Security;

public static class SecurityApplicationBuilderExtensions
{
    /// <summary>
    /// X-Forwarded-For/-Proto/-Host from the reverse proxies in <c>server.trusted_proxies</c> (none by default), then
    /// the host allowlist (400), then the same-origin and JSON body rules for operator writes (403, 415).
    /// </summary>
    /// <remarks>
    /// A TLS-terminating proxy in front of the orchestrator (docs/operations.md) forwards plain http, so without the
    /// forwarded scheme a browser's <c>https://</c> Origin would never match and every write would be refused: such a
    /// proxy is listed in trusted_proxies. Nobody else is trusted, not even loopback: any local process (or a proxy
    /// that passes client headers through) could otherwise name a Host the allowlist would refuse.
    /// </remarks>
    public static IApplicationBuilder UseVettingSecurity(this IApplicationBuilder app)
    {
        var server = app.ApplicationServices.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (server.TrustedProxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in server.TrustedProxies)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
            }

            app.UseForwardedHeaders(forwarded);
        }

        return app.UseMiddleware<HostAllowlistMiddleware>()
            .UseMiddleware<OperatorBodyLimitMiddleware>()
            .UseMiddleware<SameOriginMiddleware>();
    }
}
