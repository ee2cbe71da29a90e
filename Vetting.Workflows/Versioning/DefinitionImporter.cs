using Vetting.Workflows.Definitions;

namespace Vetting.Workflows.Versioning;

public sealed record ImportReport(IReadOnlyList<string> Added, IReadOnlyList<string> Skipped);

/// <summary>
/// Imports <c>*.json</c> definitions from a folder at start-up: a version not yet stored is added, an identical one
/// is skipped, and a changed file that reuses a stored version is refused with the file named.
/// </summary>
public sealed class DefinitionImporter(WorkflowDefinitionService definitions)
{
    public async Task<ImportReport> ImportDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        var added = new List<string>();
        var skipped = new List<string>();
        if (!Directory.Exists(directory))
        {
            return new ImportReport(added, skipped);
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var definition = WorkflowJson.Parse(await File.ReadAllTextAsync(file, cancellationToken), file);
            try
            {
                var label = $"{definition.DefinitionId} v{definition.Version} ({Path.GetFileName(file)})";
                (await definitions.ImportAsync(definition, cancellationToken) ? added : skipped).Add(label);
            }
            catch (WorkflowDefinitionException e)
            {
                throw new WorkflowDefinitionException($"{file}: {e.Message}", e);
            }
        }

        return new ImportReport(added, skipped);
    }
}
