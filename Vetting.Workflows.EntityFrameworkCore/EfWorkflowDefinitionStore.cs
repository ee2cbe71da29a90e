using Microsoft.EntityFrameworkCore;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Persistence;

namespace Vetting.Workflows.EntityFrameworkCore;

/// <summary>Definition versions as rows holding the full JSON; flags and version live in columns for look-ups.</summary>
public sealed class EfWorkflowDefinitionStore<TContext>(TContext db) : IWorkflowDefinitionStore where TContext : DbContext
{
    public async ValueTask<WorkflowDefinition?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        var record = await db.Set<WorkflowDefinitionRecord>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return record is null ? null : ToDefinition(record);
    }

    public async ValueTask<IReadOnlyList<WorkflowDefinition>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default) =>
        (await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(d => d.DefinitionId == definitionId)
            .OrderBy(d => d.Version)
            .ToListAsync(cancellationToken))
        .Select(ToDefinition)
        .ToList();

    public async ValueTask<WorkflowDefinition?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var record = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished, cancellationToken);
        return record is null ? null : ToDefinition(record);
    }

    public async ValueTask<IReadOnlyList<WorkflowDefinition>> ListLatestAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(d => d.IsLatest)
            .OrderBy(d => d.DefinitionId)
            .ToListAsync(cancellationToken))
        .Select(ToDefinition)
        .ToList();

    public async ValueTask<IReadOnlyList<WorkflowDefinition>> ListAllAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .OrderBy(d => d.DefinitionId)
            .ThenBy(d => d.Version)
            .ToListAsync(cancellationToken))
        .Select(ToDefinition)
        .ToList();

    public async ValueTask SaveAsync(IReadOnlyCollection<WorkflowDefinition> definitions, CancellationToken cancellationToken = default)
    {
        var set = db.Set<WorkflowDefinitionRecord>();
        foreach (var definition in definitions)
        {
            var record = await set.FindAsync([definition.Id], cancellationToken);
            if (record is null)
            {
                record = new WorkflowDefinitionRecord { Id = definition.Id };
                set.Add(record);
            }

            record.DefinitionId = definition.DefinitionId;
            record.Version = definition.Version;
            record.Name = definition.Name;
            record.IsLatest = definition.IsLatest;
            record.IsPublished = definition.IsPublished;
            record.CreatedAt = definition.CreatedAt;
            record.Json = WorkflowJson.Serialize(definition);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static WorkflowDefinition ToDefinition(WorkflowDefinitionRecord record)
    {
        var definition = WorkflowJson.Parse(record.Json, $"stored definition {record.Id}");
        definition.Id = record.Id;
        definition.Version = record.Version;
        definition.IsLatest = record.IsLatest;
        definition.IsPublished = record.IsPublished;
        return definition;
    }
}
