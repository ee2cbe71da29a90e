using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vetting.Server.Agents;
using Vetting.Server.Hosts;
using Vetting.Server.Runs;
using Vetting.Workflows.EntityFrameworkCore;

namespace Vetting.Server.Data;

/// <summary>
/// The one DbContext: domain tables and workflow tables, so a workflow step commits with its domain change. On
/// SQLite (the default) it is this type; on PostgreSQL it is <see cref="PostgresVettingDbContext"/>, the same model
/// with its own migrations.
/// </summary>
public class VettingDbContext : DbContext
{
    public VettingDbContext(DbContextOptions<VettingDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass, whose migrations are found by its own type.</summary>
    protected VettingDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<RegisteredHost> Hosts => Set<RegisteredHost>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<StageAttempt> Stages => Set<StageAttempt>();
    public DbSet<RunMeasurement> Measurements => Set<RunMeasurement>();
    public DbSet<RunSpecDiff> SpecDiffs => Set<RunSpecDiff>();
    public DbSet<RunArtifact> Artifacts => Set<RunArtifact>();
    public DbSet<AgentInstruction> Instructions => Set<AgentInstruction>();
    public DbSet<Notifications.NotificationDelivery> NotificationDeliveries => Set<Notifications.NotificationDelivery>();
    public DbSet<Sites.SiteRecord> Sites => Set<Sites.SiteRecord>();

    /// <summary>
    /// SQLite cannot compare or order DateTimeOffset columns in queries; stored as a sortable long they can be
    /// (retention, lost-agent checks and "newest first" all need it). PostgreSQL stores them the same way, so both
    /// providers sort, compare and copy the same values (<c>vetting db migrate-to-postgres</c> moves rows unchanged).
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RegisteredHost>(e =>
        {
            e.ToTable("hosts");
            // Unique among hosts that are not deleted, so two simultaneous registrations cannot both win.
            e.HasIndex(h => h.Name).IsUnique().HasFilter("\"DeletedAt\" IS NULL");
            e.HasIndex(h => h.Mac).IsUnique().HasFilter("\"DeletedAt\" IS NULL");
            e.Property(h => h.Site).HasDefaultValue(Configuration.SiteOptions.DefaultName);
            e.HasIndex(h => h.Site);
        });
        modelBuilder.Entity<Run>(e =>
        {
            e.ToTable("runs");
            e.HasIndex(r => new { r.HostId, r.State });
            // At most one active run per host, even when two Start Vetting clicks arrive at once.
            e.HasIndex(r => r.HostId).IsUnique().HasDatabaseName("IX_runs_one_active_per_host")
                .HasFilter("\"State\" NOT IN ('Passed', 'Failed', 'Cancelled')");
            e.HasIndex(r => r.State);
            e.Property(r => r.Site).HasDefaultValue(Configuration.SiteOptions.DefaultName);
            e.HasIndex(r => new { r.Site, r.State });
            e.Property(r => r.Stamp).IsConcurrencyToken();
            e.HasMany(r => r.Stages).WithOne().HasForeignKey(s => s.RunId);
            e.HasMany(r => r.Measurements).WithOne().HasForeignKey(m => m.RunId);
            e.HasMany(r => r.SpecDiffs).WithOne().HasForeignKey(d => d.RunId);
            e.HasMany(r => r.Artifacts).WithOne().HasForeignKey(a => a.RunId);
        });
        modelBuilder.Entity<StageAttempt>(e => e.ToTable("stages"));
        modelBuilder.Entity<RunMeasurement>(e => e.ToTable("measurements"));
        modelBuilder.Entity<RunSpecDiff>(e => e.ToTable("spec_diffs"));
        modelBuilder.Entity<RunArtifact>(e =>
        {
            e.ToTable("artifacts");
            e.HasIndex(a => new { a.RunId, a.Name }).IsUnique();
        });
        modelBuilder.Entity<AgentInstruction>(e =>
        {
            e.ToTable("instructions");
            e.HasIndex(i => new { i.RunId, i.DeliveredAt });
        });
        modelBuilder.Entity<Notifications.NotificationDelivery>(e =>
        {
            e.ToTable("notification_deliveries");
            // A replayed step or a repeated operator action cannot queue the same notification twice.
            e.HasIndex(d => new { d.RunId, d.Event, d.Notifier, d.Occurrence }).IsUnique();
            e.HasIndex(d => new { d.Status, d.DueAt });
        });
        modelBuilder.Entity<Sites.SiteRecord>(e =>
        {
            e.ToTable("sites");
            e.HasKey(s => s.Name);
        });
        modelBuilder.AddWorkflowTables();
    }
}
