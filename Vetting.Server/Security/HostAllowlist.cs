using System.Net;

namespace Vetting.Server.Security;

/// <summary>
/// <c>server.allowed_hosts</c>: entries are <c>name</c> (any port) or <c>name:port</c>, compared without case.
/// IPv6 literals are written in brackets, as in a URL: <c>[fd77::1]:8080</c>. With no entries the names of this
/// server are accepted (<c>server.bind</c>'s host, <c>public_url</c>'s host, the machine's host name, <c>localhost</c>)
/// and any IP literal: DNS rebinding needs a name the attacker controls, so a Host that is an address cannot be one.
/// </summary>
internal sealed class HostAllowlist
{
    private readonly List<(string Host, int? Port)> _entries;

    public HostAllowlist(IEnumerable<string> entries, string? publicUrl, string? bind = null, IEnumerable<string>? machineNames = null)
    {
        _entries = [.. entries
            .Where(e => !string.IsNullOrWhiteSpace(e))
            .Select(e => new HostString(e.Trim()))
            .Select(h => (h.Host, h.Port))];
        Configured = _entries.Count > 0;
        // Agents and iPXE reach the server through the public URL it hands out; an allowlist without it
        // would silently break every boot. (Uri.Host keeps IPv6 brackets, like HostString.Host.)
        if (Uri.TryCreate(publicUrl, UriKind.Absolute, out var url))
            _entries.Add((url.Host, Configured ? url.Port : null));
        if (!Configured)
        {
            if (!string.IsNullOrWhiteSpace(bind))
                _entries.Add((new HostString(bind).Host, null));
            foreach (var name in (machineNames ?? MachineNames()).Append("localhost"))
                _entries.Add((name, null));
        }
    }

    /// <summary>True when <c>server.allowed_hosts</c> lists names; false when the defaults above apply.</summary>
    public bool Configured { get; }

    public bool Allows(HostString requestHost, string scheme)
    {
        if (!Configured && IPAddress.TryParse(requestHost.Host.Trim('[', ']'), out _))
            return true;
        var port = requestHost.Port ?? (string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return _entries.Exists(e =>
            string.Equals(e.Host, requestHost.Host, StringComparison.OrdinalIgnoreCase) && (e.Port is null || e.Port == port));
    }

    /// <summary>The machine's host name, its short form and its fully qualified name when the resolver knows one.</summary>
    private static HashSet<string> MachineNames()
    {
        var name = Dns.GetHostName();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name, name.Split('.')[0] };
        try
        {
            names.Add(Dns.GetHostEntry(name).HostName);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // No resolver entry for our own name: the plain host name is all there is.
        }

        return names;
    }
}
