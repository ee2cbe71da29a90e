using YamlDotNet.RepresentationModel;

namespace Vetting.Server.Configuration;

/// <summary>Collects every problem in one file so the operator can fix them in one go.</summary>
internal sealed class ConfigErrors(string source)
{
    private readonly List<ConfigError> errors = [];

    public IReadOnlyList<ConfigError> All => errors;

    public bool HasErrorFor(string key) => errors.Any(error => error.Key == key);

    public void Add(YamlNode at, string key, string problem) => Add(ConfigYaml.Line(at), key, problem);

    public void Add(int? line, string key, string problem) => errors.Add(new ConfigError(source, line, key, problem));

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }
}
