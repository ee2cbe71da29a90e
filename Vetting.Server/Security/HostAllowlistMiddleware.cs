using System.Net;
using Microsoft.Extensions.Options;
using Vetting.Server.Configuration;
using Vetting.Server.Http;

namespace Vetting.Server.Security;

/// <summary>
/// DNS-rebinding defence: a page on another site whose name was re-pointed at this server still sends its
/// own name as Host, so refusing unlisted Host values keeps it from reading or driving the API.
/// </summary>
internal sealed class HostAllowlistMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly HostAllowlist _allowlist = new(options.Value.AllowedHosts, options.Value.EffectivePublicUrl, options.Value.Bind);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (_allowlist.Allows(request.Host, request.Scheme) || IsLocalHealthCheck(context))
            return next(context);
        var host = SafeText.Excerpt(request.Host.Value ?? "", 80);
        return Problems.BadRequest(_allowlist.Configured
            ? $"Host '{host}' is not allowed; add it to server.allowed_hosts."
            : $"Host '{host}' is not a name of this server (server.bind, server.public_url, the machine's host name, localhost or an IP address); " +
              "list the names you reach it by in server.allowed_hosts.").ExecuteAsync(context);
    }

    // Probes on the machine itself (systemd, install.sh, monitoring agents) use http://127.0.0.1:<port>/healthz and
    // should not break when the operator lists only the LAN name. Rebinding cannot produce this case: the browser
    // would send the attacker's name as Host, never a loopback literal. Requiring a loopback peer as well keeps the
    // exception to the local machine.
    private static bool IsLocalHealthCheck(HttpContext context) =>
        context.Request.Path.Equals("/healthz", StringComparison.OrdinalIgnoreCase)
        && IsLoopback(context.Connection.RemoteIpAddress)
        && IsLoopbackName(context.Request.Host.Host);

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
