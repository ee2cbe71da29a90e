using System.Globalization;

namespace Vetting.Agent.Settings;

/// <summary>
/// Builds <see cref="AgentSettings"/> from, in order of precedence, command-line flags, environment variables
/// (VETTING_ORCHESTRATOR, VETTING_RUN, VETTING_TOKEN) and the kernel command line. The live image only has the
/// last; flags and variables are for running the agent by hand against a local server.
/// </summary>
public static class SettingsReader
{
    public const string Usage = """
        usage: vetting-agent [--orchestrator URL --run N --token T] [--scratch-dir DIR] [--no-poweroff]
               vetting-agent --version | --help

        Without flags the settings come from VETTING_ORCHESTRATOR / VETTING_RUN / VETTING_TOKEN or from the
        kernel command line (vetting.orchestrator= vetting.run= vetting.token=).
          --scratch-dir DIR  storage tests run on a size-bounded file in DIR instead of the disks
          --no-poweroff      a poweroff instruction ends the agent instead of powering the machine off
        """;

    public static SettingsOutcome Read(IReadOnlyList<string> args, Func<string, string?> environment, string? kernelCommandLine)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var switches = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var (name, inline) = SplitInline(arg);
            switch (name)
            {
                case "--version" or "--help" or "-h" or "--no-poweroff":
                    switches.Add(name);
                    break;
                case "--orchestrator" or "--run" or "--token" or "--scratch-dir":
                    var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                    if (value is null)
                    {
                        return SettingsOutcome.Invalid($"{name} needs a value");
                    }

                    flags[name] = value;
                    break;
                default:
                    return SettingsOutcome.Invalid($"unknown argument '{arg}'");
            }
        }

        if (switches.Contains("--version"))
        {
            return new SettingsOutcome(null, null, ShowVersion: true);
        }

        if (switches.Contains("--help") || switches.Contains("-h"))
        {
            return new SettingsOutcome(null, null, ShowHelp: true);
        }

        var kernel = KernelCommandLine.Parse(kernelCommandLine);
        string? Pick(string flag, string variable, string kernelKey) =>
            flags.GetValueOrDefault(flag) ?? NullIfEmpty(environment(variable)) ?? kernel.GetValueOrDefault(kernelKey);

        var orchestrator = Pick("--orchestrator", "VETTING_ORCHESTRATOR", KernelCommandLine.OrchestratorKey);
        var run = Pick("--run", "VETTING_RUN", KernelCommandLine.RunKey);
        var token = Pick("--token", "VETTING_TOKEN", KernelCommandLine.TokenKey);

        var problems = new List<string>();
        Uri? url = null;
        if (orchestrator is null)
        {
            problems.Add("no orchestrator URL (--orchestrator, VETTING_ORCHESTRATOR or vetting.orchestrator=)");
        }
        else if (!Uri.TryCreate(WithTrailingSlash(orchestrator), UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
        {
            problems.Add($"'{orchestrator}' is not an http(s) URL");
        }

        long runId = 0;
        if (run is null)
        {
            problems.Add("no run id (--run, VETTING_RUN or vetting.run=)");
        }
        else if (!long.TryParse(run, NumberStyles.None, CultureInfo.InvariantCulture, out runId) || runId <= 0)
        {
            problems.Add($"run id '{run}' is not a positive number");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            problems.Add("no token (--token, VETTING_TOKEN or vetting.token=)");
        }

        if (problems.Count > 0)
        {
            return SettingsOutcome.Invalid(string.Join("; ", problems));
        }

        return new SettingsOutcome(new AgentSettings
        {
            Orchestrator = url!,
            RunId = runId,
            Token = token!,
            ScratchDirectory = flags.GetValueOrDefault("--scratch-dir"),
            NoPowerOff = switches.Contains("--no-poweroff"),
        }, null);
    }

    private static (string Name, string? Inline) SplitInline(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    // Relative API paths resolve under the base only when it ends with '/' (a server behind a path prefix).
    private static string WithTrailingSlash(string url) => url.EndsWith('/') ? url : url + "/";
}

/// <summary>Either settings to run with, or what to print instead.</summary>
public sealed record SettingsOutcome(AgentSettings? Settings, string? Error, bool ShowVersion = false, bool ShowHelp = false)
{
    public static SettingsOutcome Invalid(string error) => new(null, error);
}
