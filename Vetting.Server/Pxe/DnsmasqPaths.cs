using Vetting.Server.Configuration;

namespace Vetting.Server.Pxe;

/// <summary>
/// Files of the supervised dnsmasq under <c>&lt;data_dir&gt;/dnsmasq/</c>. Absolute, because they end up in
/// dnsmasq's config and dnsmasq does not run from our working directory.
/// </summary>
public sealed record DnsmasqPaths(string Directory)
{
    public string ConfigFile => Path.Combine(Directory, "dnsmasq.conf");
    public string HostsFile => Path.Combine(Directory, "allowed-hosts");
    public string LeaseFile => Path.Combine(Directory, "leases");

    /// <summary>Written by the supervisor (not dnsmasq) so a restarted orchestrator can stop an orphan.</summary>
    public string PidFile => Path.Combine(Directory, "dnsmasq.pid");

    public static DnsmasqPaths For(PathOptions paths) => new(Path.GetFullPath(Path.Combine(paths.DataDir, "dnsmasq")));
}
