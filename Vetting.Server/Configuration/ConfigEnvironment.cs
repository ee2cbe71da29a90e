namespace Vetting.Server.Configuration;

/// <summary>
/// Where the orchestrator runs, which decides the path defaults: an installed orchestrator keeps its data in
/// /var/lib/vetting and its logs in /var/log/vetting, one run from a checkout keeps both under ./data.
/// Tests pass their own instead of <see cref="Current"/>.
/// </summary>
/// <param name="ProcessPath">The running executable; see <see cref="Environment.ProcessPath"/>.</param>
/// <param name="CurrentDirectory">What relative paths on the command line and the <c>./data</c> default resolve against.</param>
public sealed record ConfigEnvironment(string? ProcessPath, string CurrentDirectory)
{
    /// <summary>The command deploy/install.sh puts on PATH: a symlink to <see cref="InstalledBinaryTarget"/>.</summary>
    public const string InstalledBinary = "/usr/local/bin/vetting";

    /// <summary>
    /// Where deploy/install.sh puts the binary itself, beside its workflows/ folder. Environment.ProcessPath resolves
    /// symlinks, so a process started as <see cref="InstalledBinary"/> reports this path.
    /// </summary>
    public const string InstalledBinaryTarget = "/usr/local/lib/vetting/vetting";

    public const string InstalledDataDir = "/var/lib/vetting";

    public const string InstalledLogDir = "/var/log/vetting";

    public static ConfigEnvironment Current => new(Environment.ProcessPath, WorkingDirectory());

    /// <summary>The working directory, or / when it was removed under the process (a shell left in a deleted folder).</summary>
    private static string WorkingDirectory()
    {
        try
        {
            return Directory.GetCurrentDirectory();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "/";
        }
    }

    /// <summary>Installed when started as the installed binary, or with the config file the installer drops.</summary>
    /// <param name="configFile">Absolute path of the config file in use, if any.</param>
    public bool IsInstalled(string? configFile) =>
        ProcessPath is InstalledBinary or InstalledBinaryTarget || configFile == VettingConfigLoader.DefaultConfigPath;
}
