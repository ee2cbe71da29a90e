namespace Vetting.Server.Configuration;

/// <summary>A key of the file and how its value lands in the options; a bad value leaves the default in place.</summary>
internal sealed record ConfigKey(string FullName, Action<VettingConfig, ConfigValue> Apply)
{
    public string Section => FullName[..FullName.IndexOf('.', StringComparison.Ordinal)];

    public string Name => FullName[(FullName.IndexOf('.', StringComparison.Ordinal) + 1)..];
}

/// <summary>
/// Every scalar key of <c>vetting.yaml</c> (the contract is ../shared/design/config.md). Checks that need only
/// the one value happen here; checks across keys are in <see cref="ConfigValidator"/>.
/// </summary>
internal static class ConfigSchema
{
    public const string NotifiersKey = "notifiers";

    public static readonly IReadOnlyList<ConfigKey> Keys =
    [
        new("server.bind", (c, v) => c.Server.Bind = v.Checked(NetworkText.HostPortProblem) ?? c.Server.Bind),
        new("server.public_url", (c, v) => c.Server.PublicUrl = v.HttpUrl()?.TrimEnd('/') ?? c.Server.PublicUrl),
        new("server.allowed_hosts", (c, v) => c.Server.AllowedHosts = v.List(NetworkText.AllowedHostProblem) ?? c.Server.AllowedHosts),
        new("server.trusted_proxies", (c, v) => c.Server.TrustedProxies = v.List(NetworkText.ProxyProblem) ?? c.Server.TrustedProxies),
        new("paths.data_dir", (c, v) => c.Paths.DataDir = v.Path() ?? c.Paths.DataDir),
        new("paths.log_dir", (c, v) => c.Paths.LogDir = v.Path() ?? c.Paths.LogDir),
        new("database.provider", (c, v) => c.Database.Provider = v.OneOf("sqlite", "postgres") ?? c.Database.Provider),
        new("site.name", (c, v) => c.Site.Name = v.Checked(SiteOptions.NameProblem) ?? c.Site.Name),
        new("database.connection_string", (c, v) => c.Database.ConnectionString = v.Text() ?? c.Database.ConnectionString),
        new("designer.mode", (c, v) => c.Designer.Mode = v.OneOf(DesignerOptions.Edit, DesignerOptions.ReadOnly) ?? c.Designer.Mode),
        new("wol.port", (c, v) => c.Wol.Port = v.Int(1, 65535) ?? c.Wol.Port),
        new("runs.max_concurrent", (c, v) => c.Runs.MaxConcurrent = v.Int(1) ?? c.Runs.MaxConcurrent),
        new("runs.boot_timeout", (c, v) => c.Runs.BootTimeout = v.Duration() ?? c.Runs.BootTimeout),
        new("runs.hello_timeout", (c, v) => c.Runs.HelloTimeout = v.Duration() ?? c.Runs.HelloTimeout),
        new("agent.heartbeat_seconds", (c, v) => c.Agent.HeartbeatSeconds = v.Int(1, 300) ?? c.Agent.HeartbeatSeconds),
        new("agent.lost_after", (c, v) => c.Agent.LostAfter = v.Duration() ?? c.Agent.LostAfter),
        new("artifacts.retention_days", (c, v) => c.Artifacts.RetentionDays = v.Int(1) ?? c.Artifacts.RetentionDays),
        new("artifacts.max_upload_mb", (c, v) => c.Artifacts.MaxUploadMb = v.Int(1) ?? c.Artifacts.MaxUploadMb),
        new("artifacts.max_run_mb", (c, v) => c.Artifacts.MaxRunMb = v.Int(1) ?? c.Artifacts.MaxRunMb),
        new("logs.retention_days", (c, v) => c.Logs.RetentionDays = v.Int(1) ?? c.Logs.RetentionDays),
        new("pxe.enabled", (c, v) => c.Pxe.Enabled = v.Bool() ?? c.Pxe.Enabled),
        new("pxe.interface", (c, v) => c.Pxe.Interface = v.Checked(NetworkText.InterfaceProblem) ?? c.Pxe.Interface),
        new("pxe.mode", (c, v) => c.Pxe.Mode = v.OneOf("dhcp", "proxy") ?? c.Pxe.Mode),
        new("pxe.dhcp_range", (c, v) => c.Pxe.DhcpRange = v.Text() ?? c.Pxe.DhcpRange),
        new("pxe.image_dir", (c, v) => c.Pxe.ImageDir = v.Path() ?? c.Pxe.ImageDir),
        new("pxe.dnsmasq_path", (c, v) => c.Pxe.DnsmasqPath = v.ProgramPath() ?? c.Pxe.DnsmasqPath),
        new("pxe.tftp_dir", (c, v) => c.Pxe.TftpDir = v.Path() ?? c.Pxe.TftpDir),
        new("pxe.uefi_loader", (c, v) => c.Pxe.UefiLoader = v.Text() ?? c.Pxe.UefiLoader),
        new("pxe.ra_prefix", (c, v) => c.Pxe.RaPrefix = v.Text() ?? c.Pxe.RaPrefix),
        new("network_test.enabled", (c, v) => c.NetworkTest.Enabled = v.Bool() ?? c.NetworkTest.Enabled),
        new("network_test.iperf3_port", (c, v) => c.NetworkTest.Iperf3Port = v.Int(1, 65535) ?? c.NetworkTest.Iperf3Port),
    ];

    public static readonly IReadOnlyList<string> Sections = [.. Keys.Select(key => key.Section).Distinct()];

    /// <summary>What an unknown key may have meant: every full key and every top-level name.</summary>
    public static readonly IReadOnlyList<string> AllNames = [.. Sections, NotifiersKey, .. Keys.Select(key => key.FullName)];

    public static ConfigKey? Find(string section, string name) =>
        Keys.FirstOrDefault(key => key.Section == section && key.Name == name);
}
