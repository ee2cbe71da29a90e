namespace Vetting.Server.Security;

/// <summary>
/// <c>server.allowed_hosts</c>: entries are <c>name</c> (any port) or <c>name:port</c>, compared without case.
/// IPv6 literals are written in brackets, as in a URL: <c>[fd77::1]:8080</c>.
/// </summary>
internal sealed class HostAllowlist
{
    private readonly List<(string Host, int? Port)> _entries;

    public HostAllowlist(IEnumerable<string> entries, string? publicUrl)
    {
        _entries = [.. entries
            .Where(e => !string.IsNullOrWhiteSpace(e))
            .Select(e => new HostString(e.Trim()))
            .Select(h => (h.Host, h.Port))];
        // Agents and iPXE reach the server through the public URL it hands out; an allowlist without it
        // would silently break every boot. (Uri.Host keeps IPv6 brackets, like HostString.Host.)
        if (_entries.Count > 0 && Uri.TryCreate(publicUrl, UriKind.Absolute, out var url))
            _entries.Add((url.Host, url.Port));
    }

    /// <summary>No entries: every Host is accepted.</summary>
    public bool IsEmpty => _entries.Count == 0;

    public bool Allows(HostString requestHost, string scheme)
    {
        var port = requestHost.Port ?? (string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return _entries.Exists(e =>
            string.Equals(e.Host, requestHost.Host, StringComparison.OrdinalIgnoreCase) && (e.Port is null || e.Port == port));
    }
}
