using Vetting.Activities.Yaml;
using YamlDotNet.RepresentationModel;

namespace Vetting.Activities.Specs;

/// <summary>Collects every problem in a spec so the operator can fix them in one go.</summary>
internal sealed class SpecErrors : IYamlErrors
{
    private readonly List<SpecError> _errors = [];

    public IReadOnlyList<SpecError> All => _errors;

    public int Count => _errors.Count;

    public void Add(YamlNode node, string path, string message) => _errors.Add(new SpecError(StrictYaml.Line(node), path, message));
}
