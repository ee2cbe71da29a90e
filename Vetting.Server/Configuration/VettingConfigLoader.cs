namespace Vetting.Server.Configuration;

/// <summary>
/// Finds and reads <c>vetting.yaml</c>. Every problem becomes a <see cref="ConfigException"/> naming the file,
/// line and full key, because a misread config is worse than none: the orchestrator runs with the
/// operator's intent silently dropped.
/// </summary>
public static class VettingConfigLoader
{
    /// <summary>Where deploy/install.sh puts the config; used when no <c>--config</c> is given.</summary>
    public const string DefaultConfigPath = "/etc/vetting/vetting.yaml";

    private const string ConfigOption = "--config";

    /// <summary><c>--config PATH</c> or <c>--config=PATH</c>; else <see cref="DefaultConfigPath"/> if it exists; else null.</summary>
    /// <exception cref="ConfigException">--config has no value, or names a file that does not exist.</exception>
    public static string? FindConfigPath(string[] args) => FindConfigPath(args, DefaultConfigPath);

    internal static string? FindConfigPath(string[] args, string defaultPath)
    {
        string? given = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == ConfigOption)
            {
                given = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
            }
            else if (args[i].StartsWith(ConfigOption + "=", StringComparison.Ordinal))
            {
                given = args[i][(ConfigOption.Length + 1)..];
            }
        }

        if (given is null)
        {
            return File.Exists(defaultPath) ? defaultPath : null;
        }

        if (given.Length == 0)
        {
            throw new ConfigException(new ConfigError("command line", null, ConfigOption, $"needs a path (e.g. {ConfigOption} {DefaultConfigPath})"));
        }

        if (!File.Exists(given))
        {
            var problem = Directory.Exists(given) ? "is a folder, not a config file" : "no such file";
            throw new ConfigException(new ConfigError(given, null, "", $"{problem} (given with {ConfigOption})"));
        }

        return given;
    }

    /// <summary>Reads the file at <paramref name="path"/>, or returns the defaults when it is null.</summary>
    /// <exception cref="ConfigException">The file cannot be read, or has unknown keys or bad values.</exception>
    public static VettingConfig Load(string? path) => Load(path, ConfigEnvironment.Current);

    /// <inheritdoc cref="Load(string?)"/>
    public static VettingConfig Load(string? path, ConfigEnvironment environment)
    {
        if (path is null)
        {
            return Read("", "built-in defaults", null, environment);
        }

        var file = Path.GetFullPath(path, environment.CurrentDirectory);
        string yaml;
        try
        {
            yaml = File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException(new ConfigError(path, null, "", "no such file"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(new ConfigError(path, null, "", "cannot be read: " + e.Message));
        }

        return Read(yaml, path, file, environment);
    }

    /// <summary>Reads configuration text that did not come from a file; relative paths resolve against the current directory.</summary>
    /// <param name="sourceName">What error messages call the text, e.g. <c>vetting.yaml</c>.</param>
    /// <exception cref="ConfigException">The text has unknown keys or bad values.</exception>
    public static VettingConfig LoadFromYaml(string yaml, string sourceName) => LoadFromYaml(yaml, sourceName, ConfigEnvironment.Current);

    /// <inheritdoc cref="LoadFromYaml(string, string)"/>
    public static VettingConfig LoadFromYaml(string yaml, string sourceName, ConfigEnvironment environment) =>
        Read(yaml, sourceName, null, environment);

    private static VettingConfig Read(string yaml, string source, string? file, ConfigEnvironment environment)
    {
        var installed = environment.IsInstalled(file);
        var config = new VettingConfig { ConfigFile = file };
        config.Paths.DataDir = installed ? ConfigEnvironment.InstalledDataDir : Path.GetFullPath("data", environment.CurrentDirectory);

        var errors = new ConfigErrors(source);
        if (ConfigDocument.Parse(yaml, errors) is { } root)
        {
            var reader = new ConfigReader(config, errors, Path.GetDirectoryName(file) ?? environment.CurrentDirectory);
            reader.Read(root);
            new ConfigValidator(config, reader.Lines, errors).Check();
        }

        errors.ThrowIfAny();

        // Filled in after reading because they follow data_dir, which the file may have moved.
        config.Paths.LogDir ??= installed ? ConfigEnvironment.InstalledLogDir : Path.Combine(config.Paths.DataDir, "logs");
        config.Pxe.ImageDir ??= Path.Combine(config.Paths.DataDir, "image");
        return config;
    }
}
