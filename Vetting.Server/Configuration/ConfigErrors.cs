using Vetting.Activities.Yaml;
using YamlDotNet.RepresentationModel;

namespace Vetting.Server.Configuration;

/// <summary>Collects every problem in one file so the operator can fix them in one go.</summary>
internal sealed class ConfigErrors(string source) : IYamlErrors
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> All => _errors;

    public bool HasErrorFor(string key) => _errors.Any(error => error.Key == key);

    public void Add(YamlNode at, string key, string problem) => Add(StrictYaml.Line(at), key, problem);

    public void Add(int? line, string key, string problem) => _errors.Add(new ConfigError(source, line, key, problem));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors);
        }
    }
}
