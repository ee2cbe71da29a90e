using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Versioning;

/// <summary>
/// One async lock per definition id, so a save and a publish of one definition (a designer's auto-save racing its
/// Publish button) read and write its versions one after the other, never interleaved.
/// </summary>
public sealed class DefinitionLocks
{
    private readonly InstanceLocks _locks = new();

    public ValueTask<IDisposable> AcquireAsync(string definitionId, CancellationToken cancellationToken = default) =>
        _locks.AcquireAsync(definitionId, cancellationToken);
}
