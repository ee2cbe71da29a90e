namespace Vetting.Server.Configuration;

/// <summary>The configuration was refused; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>What the process exits with when the configuration is refused (1 is left for crashes).</summary>
    public const int ExitCode = 2;

    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public ConfigException(ConfigError error)
        : this([error])
    {
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}
