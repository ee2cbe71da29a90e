using System.Text;
using Microsoft.Extensions.Options;
using Vetting.Protocol;
using Vetting.Server.Configuration;

namespace Vetting.Server.Pxe;

/// <summary>
/// The MACs dnsmasq may answer, kept in its <c>dhcp-hostsfile</c>. Two tiers:
/// <list type="bullet">
/// <item><b>boot</b>: runs waiting for boot; every request is answered, PXE and iPXE ones with boot options.</item>
/// <item><b>lease only</b>: runs past boot whose live image still needs an address in dhcp mode. The
/// entry carries <c>tag:!pxe,tag:!ipxe</c>, so it only matches clients that are neither a PXE ROM nor iPXE:
/// a node that reboots mid-run is ignored by dnsmasq and boots from its disk.</item>
/// </list>
/// Everyone else matches no entry and is ignored. Callers pass the complete sets on each change.
/// </summary>
public sealed class PxeAllowList(IOptions<PathOptions> paths)
{
    private readonly Lock _gate = new();
    private readonly string _hostsFile = DnsmasqPaths.For(paths.Value).HostsFile;
    private (SortedSet<string> Boot, SortedSet<string> LeaseOnly) _current = ([], []);

    /// <summary>Raised after the file changed, so dnsmasq can be told to re-read it.</summary>
    public event EventHandler? Changed;

    public string HostsFile => _hostsFile;

    public IReadOnlyCollection<string> BootMacs => _current.Boot;

    public IReadOnlyCollection<string> LeaseOnlyMacs => _current.LeaseOnly;

    /// <summary>Replaces both tiers; a MAC in both counts as boot. Any MAC spelling.</summary>
    /// <exception cref="FormatException">An entry is not a MAC address; the file is left unchanged.</exception>
    public void Update(IEnumerable<string> bootMacs, IEnumerable<string>? leaseOnlyMacs = null)
    {
        var boot = new SortedSet<string>(bootMacs.Select(MacAddress.Normalize), StringComparer.Ordinal);
        var leaseOnly = new SortedSet<string>((leaseOnlyMacs ?? []).Select(MacAddress.Normalize), StringComparer.Ordinal);
        leaseOnly.ExceptWith(boot);

        lock (_gate)
        {
            if (boot.SetEquals(_current.Boot) && leaseOnly.SetEquals(_current.LeaseOnly) && File.Exists(_hostsFile))
            {
                return;
            }

            WriteAtomically(Render(boot, leaseOnly));
            _current = (boot, leaseOnly);
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Writes the current sets; the supervisor calls it before starting dnsmasq.</summary>
    public void WriteFile()
    {
        lock (_gate)
        {
            WriteAtomically(Render(_current.Boot, _current.LeaseOnly));
        }
    }

    /// <summary>The hosts file text (one <c>dhcp-host</c> value per line).</summary>
    public static string Render(IEnumerable<string> bootMacs, IEnumerable<string> leaseOnlyMacs)
    {
        var text = new StringBuilder()
            .Append("# Vetting PXE allow-list; rewritten on every change, dnsmasq re-reads it on SIGHUP.\n")
            .Append("# Boot: runs waiting for boot.\n");
        foreach (var mac in bootMacs)
        {
            text.Append(mac).Append('\n');
        }

        text.Append("# Lease only: runs past boot; PXE and iPXE requests from these MACs are ignored.\n");
        foreach (var mac in leaseOnlyMacs)
        {
            text.Append(mac).Append(",tag:!pxe,tag:!ipxe\n");
        }

        return text.ToString();
    }

    // dnsmasq may read the file at any moment (SIGHUP, start): it must see the old or the new file,
    // never a half-written one. It reads it after dropping root, hence world-readable.
    private void WriteAtomically(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_hostsFile)!);
        var temporary = _hostsFile + ".tmp";
        File.WriteAllText(temporary, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.Move(temporary, _hostsFile, overwrite: true);
    }
}
