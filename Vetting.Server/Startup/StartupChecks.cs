using System.Globalization;
using System.Net;
using Vetting.Server.Configuration;

namespace Vetting.Server.Startup;

/// <summary>
/// What start-up can tell the operator before it bites: the data folders exist (so the layout in docs/operations.md
/// is true from the first start), and settings that would leave nodes unable to boot or to reach the server are named.
/// </summary>
public static class StartupChecks
{
    private const int CapNetAdmin = 12;
    private const int CapNetRaw = 13;

    public static void Run(VettingConfig config, ILogger logger)
    {
        foreach (var folder in new[] { config.Paths.ArtifactsDir, config.Paths.HoldKeysDir, config.Paths.EffectiveLogDir })
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The server still serves: what needs the folder fails later with its own message (a hold, an upload).
                logger.LogError("cannot create {Folder}: {Error}; runs that need it will fail until it can be created", folder, e.Message);
            }
        }

        if (UnreachableFromNodes(config.Server) is { } unreachable)
        {
            logger.LogWarning("server.bind {Bind} listens on loopback only, but server.public_url {PublicUrl} is what nodes call: {Why}",
                config.Server.Bind, config.Server.EffectivePublicUrl, unreachable);
        }

        var missing = MissingCapabilities();
        if (config.Pxe.Enabled && missing.Count > 0)
        {
            logger.LogWarning("pxe.enabled but this process lacks {Capabilities}: dnsmasq will not be able to answer DHCP or TFTP. "
                              + "The shipped unit grants them (AmbientCapabilities); in an LXC the container itself must keep them", string.Join(", ", missing));
        }
        else if (!config.Pxe.Enabled && missing is { Count: < 2 } && Environment.GetEnvironmentVariable("INVOCATION_ID") is not null)
        {
            logger.LogInformation("PXE is off, yet the service holds CAP_NET_ADMIN/CAP_NET_RAW, which only dnsmasq needs: "
                                  + "docs/operations.md (Enable and start) shows the drop-in that removes them");
        }
    }

    /// <summary>Why nodes cannot reach the API when the bind is loopback and the public URL is not; null when they can.</summary>
    public static string? UnreachableFromNodes(ServerOptions server)
    {
        var bindHost = BindHost(server);
        var isLoopback = bindHost == "localhost" || (IPAddress.TryParse(bindHost, out var bind) && IPAddress.IsLoopback(bind));
        if (!isLoopback || !Uri.TryCreate(server.EffectivePublicUrl, UriKind.Absolute, out var url))
        {
            return null;
        }

        var publicHost = url.Host.Trim('[', ']');
        return publicHost == "localhost" || (IPAddress.TryParse(publicHost, out var address) && IPAddress.IsLoopback(address))
            ? null
            : "set server.bind to the address nodes use (or 0.0.0.0:PORT)";
    }

    /// <summary>The address iperf3 should listen on: server.bind's host when it names one address, else all (null).</summary>
    public static string? SpecificBindAddress(ServerOptions server)
    {
        var host = BindHost(server);
        return IPAddress.TryParse(host, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) ? host : null;
    }

    /// <summary>The host part of <c>server.bind</c> (<c>host:port</c>, IPv6 in brackets), without the brackets.</summary>
    private static string BindHost(ServerOptions server) => server.Bind[..Math.Max(0, server.Bind.LastIndexOf(':'))].Trim('[', ']');

    /// <summary>CAP_NET_ADMIN/CAP_NET_RAW missing from the effective set (from /proc/self/status; empty where it cannot be read).</summary>
    private static List<string> MissingCapabilities()
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal)) : null;
        if (line is null || !ulong.TryParse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var effective))
        {
            return [];
        }

        var missing = new List<string>();
        if ((effective & (1UL << CapNetAdmin)) == 0)
        {
            missing.Add("CAP_NET_ADMIN");
        }

        if ((effective & (1UL << CapNetRaw)) == 0)
        {
            missing.Add("CAP_NET_RAW");
        }

        return missing;
    }
}
