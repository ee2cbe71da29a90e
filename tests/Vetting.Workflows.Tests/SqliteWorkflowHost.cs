using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vetting.Workflows.EntityFrameworkCore;
using Vetting.Workflows.Hosting;

namespace Vetting.Workflows.Tests;

/// <summary>A host context with one domain table next to the workflow tables, as the server's DbContext has.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>().ToTable("notes");
        modelBuilder.AddWorkflowTables();
    }
}

public sealed class Note
{
    public int Id { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>Builds workflow hosts over one SQLite file; each host is a "process" that can be thrown away.</summary>
public sealed class SqliteFile : IDisposable
{
    public SqliteFile()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"wf-{Guid.NewGuid():N}.db");
        using var db = new TestDbContext(Options());
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    public string Path { get; }

    public DbContextOptions<TestDbContext> Options() =>
        new DbContextOptionsBuilder<TestDbContext>().UseSqlite($"Data Source={Path};Default Timeout=30").Options;

    public WorkflowHost NewHost(FakeTimeProvider? clock = null, Action<IServiceCollection>? configure = null) => new(services =>
    {
        services.AddDbContext<TestDbContext>(o => o.UseSqlite($"Data Source={Path};Default Timeout=30"));
        services.AddWorkflows(w => w.UseEntityFrameworkCore<TestDbContext>());
        configure?.Invoke(services);
    }, clock);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
