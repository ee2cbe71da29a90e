namespace Vetting.Server.Configuration;

// One class per concern, bound from the YAML file (see docs/operations.md and ../shared/design/config.md).
// Property names map to snake_case YAML keys under the section named in each class.

/// <summary><c>server.*</c></summary>
public sealed class ServerOptions
{
    public string Bind { get; set; } = "127.0.0.1:8080";

    /// <summary>Base URL for iPXE scripts, the agent's command line and notification links; defaults to <c>http://{bind}</c>.</summary>
    public string? PublicUrl { get; set; }

    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// <c>server.trusted_proxies</c>: addresses or CIDR networks of reverse proxies whose X-Forwarded-* headers are
    /// honoured. Empty (the default): forwarded headers are ignored from everyone.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public string EffectivePublicUrl => (PublicUrl ?? $"http://{Bind}").TrimEnd('/');
}

/// <summary><c>paths.*</c></summary>
public sealed class PathOptions
{
    public string DataDir { get; set; } = "./data";
    public string? LogDir { get; set; }

    public string EffectiveLogDir => LogDir ?? Path.Combine(DataDir, "logs");
    public string DatabaseFile => Path.Combine(DataDir, "vetting.db");
    public string ArtifactsDir => Path.Combine(DataDir, "artifacts");
    public string HoldKeysDir => Path.Combine(DataDir, "holds");
    public string RunArtifactsDir(int runId) => Path.Combine(ArtifactsDir, $"run-{runId}");
    public string RunLogFile(int runId) => Path.Combine(EffectiveLogDir, $"run-{runId}.log");
}

/// <summary><c>database.*</c></summary>
public sealed class DatabaseOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (the default: <c>vetting.db</c> under <c>paths.data_dir</c>) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>For postgres: an Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).</summary>
    public string? ConnectionString { get; set; }

    public bool IsSqlite => Provider == Sqlite;

    /// <summary>Where the data is, for people: the SQLite file, or PostgreSQL's host and database without the password.</summary>
    public string Describe(PathOptions paths)
    {
        if (IsSqlite)
        {
            return paths.DatabaseFile;
        }

        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"postgres {parsed.Host}:{parsed.Port}/{parsed.Database ?? parsed.Username}";
    }

    /// <summary>
    /// What is wrong with a PostgreSQL connection string, or null. A typo is named at start-up rather than at the first
    /// query; the message never repeats the string, which may hold a password.
    /// </summary>
    public static string? ConnectionStringProblem(string? connectionString)
    {
        const string Example = "(for example Host=db;Database=vetting;Username=vetting)";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"required when database.provider is postgres {Example}";
        }

        try
        {
            return string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Host) ? $"names no Host {Example}" : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql names the unknown keyword or the key of a bad value; a quoted value is not repeated.
            var message = e.Message.Split('\n')[0].Trim();
            return $"is not a PostgreSQL connection string: {message}";
        }
    }
}

/// <summary>
/// <c>site.*</c>: the L2 segment this orchestrator serves. Several orchestrators (one per segment: DHCP and Wake-on-LAN
/// do not cross routers) can share one PostgreSQL database; each wakes, boots and runs only its site's hosts, and
/// all of them show every site.
/// </summary>
public sealed class SiteOptions
{
    public const string DefaultName = "default";

    /// <summary>Lower-case letters, digits and inner hyphens, up to 63 characters (a DNS label).</summary>
    public string Name { get; set; } = DefaultName;

    /// <summary>Null when <paramref name="name"/> is a usable site name, else why not.</summary>
    public static string? NameProblem(string name) =>
        name.Length is >= 1 and <= 63 && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && name[0] != '-' && name[^1] != '-'
            ? null
            : "must be 1 to 63 lower-case letters, digits and inner hyphens (like rack-a)";
}

/// <summary><c>designer.*</c>: what Elsa Studio at /studio/ may do.</summary>
public sealed class DesignerOptions
{
    public const string Edit = "edit";
    public const string ReadOnly = "readonly";

    /// <summary><c>edit</c> (the default) or <c>readonly</c>: Studio shows the workflows but offers no save or publish.</summary>
    public string Mode { get; set; } = Edit;

    public bool CanEdit => Mode == Edit;
}

/// <summary><c>wol.*</c></summary>
public sealed class WolOptions
{
    public int Port { get; set; } = 9;
}

/// <summary><c>runs.*</c></summary>
public sealed class RunOptions
{
    public int MaxConcurrent { get; set; } = 8;
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary><c>agent.*</c></summary>
public sealed class AgentOptions
{
    public int HeartbeatSeconds { get; set; } = 15;
    public TimeSpan LostAfter { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary><c>artifacts.*</c></summary>
public sealed class ArtifactOptions
{
    public int RetentionDays { get; set; } = 90;
    public int MaxUploadMb { get; set; } = 256;

    /// <summary><c>artifacts.max_run_mb</c>: the most all of one run's uploads may take together.</summary>
    public int MaxRunMb { get; set; } = 2048;
}

/// <summary><c>logs.*</c></summary>
public sealed class LogOptions
{
    public int RetentionDays { get; set; } = 30;
}

/// <summary><c>pxe.*</c></summary>
public sealed class PxeOptions
{
    public bool Enabled { get; set; }
    public string? Interface { get; set; }
    public string Mode { get; set; } = "dhcp";

    /// <summary><c>start,end[,netmask][,lease time]</c> in dhcp mode; the LAN's network address in proxy mode.</summary>
    public string? DhcpRange { get; set; }

    public string? ImageDir { get; set; }

    /// <summary>TFTP file for UEFI x86-64 clients: <c>ipxe.efi</c> (own drivers) or <c>snponly.efi</c> (firmware's driver).</summary>
    public string UefiLoader { get; set; } = "ipxe.efi";

    /// <summary>
    /// IPv6 prefix (e.g. <c>fd77::</c>) for router advertisements on an isolated bridge. Debian's iPXE waits
    /// ~13 s for IPv6 autoconfiguration on every DHCP unless something answers; leave unset on a real LAN.
    /// </summary>
    public string? RaPrefix { get; set; }

    /// <summary>Where dnsmasq comes from; tests point it elsewhere.</summary>
    public string DnsmasqPath { get; set; } = "/usr/sbin/dnsmasq";

    /// <summary>Folder holding undionly.kpxe and ipxe.efi for TFTP.</summary>
    public string TftpDir { get; set; } = "/usr/lib/ipxe";
}

/// <summary><c>network_test.*</c></summary>
public sealed class NetworkTestOptions
{
    public int Iperf3Port { get; set; } = 5201;

    /// <summary>Run the iperf3 server for network stages (<c>network_test.enabled</c>).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>One entry of <c>notifiers</c>.</summary>
public sealed class NotifierOptions
{
    public string Type { get; set; } = "";
    public Dictionary<string, string> Settings { get; set; } = [];
}
