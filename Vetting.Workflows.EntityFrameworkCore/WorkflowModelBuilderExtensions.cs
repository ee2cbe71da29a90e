using Microsoft.EntityFrameworkCore;

namespace Vetting.Workflows.EntityFrameworkCore;

public static class WorkflowModelBuilderExtensions
{
    /// <summary>Adds the workflow tables to a host's model, so workflow steps and domain changes share one DbContext.</summary>
    public static ModelBuilder AddWorkflowTables(this ModelBuilder model)
    {
        model.Entity<WorkflowInstanceRecord>(e =>
        {
            e.ToTable("workflow_instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.CorrelationId);
            e.HasIndex(x => x.Partition);
            e.HasIndex(x => new { x.DefinitionId, x.Status });
        });
        model.Entity<BookmarkRecord>(e =>
        {
            e.ToTable("workflow_bookmarks");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Hash);
            e.HasIndex(x => x.ResumeAtMs);
            e.HasIndex(x => x.InstanceId);
        });
        model.Entity<JournalRecord>(e =>
        {
            e.ToTable("workflow_journal");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.InstanceId);
        });
        model.Entity<WorkflowDefinitionRecord>(e =>
        {
            e.ToTable("workflow_definitions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
        });
        return model;
    }
}
