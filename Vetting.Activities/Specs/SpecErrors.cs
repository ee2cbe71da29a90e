using YamlDotNet.RepresentationModel;

namespace Vetting.Activities.Specs;

/// <summary>Collects every problem in a spec so the operator can fix them in one go.</summary>
internal sealed class SpecErrors
{
    private readonly List<SpecError> errors = [];

    public IReadOnlyList<SpecError> All => errors;

    public int Count => errors.Count;

    public void Add(YamlNode node, string path, string message) => errors.Add(new SpecError(YamlText.Line(node), path, message));
}
