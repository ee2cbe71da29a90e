using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Workflows.EntityFrameworkCore;
using Vetting.Workflows.Hosting;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Bench;

/// <summary>In-memory runtime: a whole 10-step run (including the one save at the end) and a start that suspends.</summary>
[MemoryDiagnoser]
public class InMemoryBenchmarks
{
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddWorkflows(w => w.AddActivity<BenchStep>().AddActivity<BenchWait>());
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>();
        definitions.ImportAsync(Definitions.Sequential(10)).AsTask().GetAwaiter().GetResult();
        definitions.ImportAsync(Definitions.WaitLoop()).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "10-step sequential, in memory")]
    public async Task<WorkflowStatus> TenSteps()
    {
        await using var scope = _services.CreateAsyncScope();
        var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync("sequential");
        return instance.Status;
    }

    [Benchmark(Description = "start → bookmark, in memory")]
    public async Task<WorkflowStatus> StartToBookmark()
    {
        await using var scope = _services.CreateAsyncScope();
        var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>()
            .StartAsync("wait-loop", new Dictionary<string, object?> { ["key"] = "k" });
        return instance.Status;
    }
}

/// <summary>
/// Resume + persist on a SQLite file (WAL): look the bookmark up by stimulus, load the instance, run the activity
/// (which suspends again), and commit instance, bookmarks and journal in one transaction.
/// </summary>
[MemoryDiagnoser]
public class SqliteBenchmarks
{
    private const int Instances = 64;
    private ServiceProvider _services = null!;
    private string _path = "";
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"vetting-bench-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection().AddLogging();
        services.AddDbContext<BenchDbContext>(o => o.UseSqlite($"Data Source={_path}"));
        services.AddWorkflows(w => w.AddActivity<BenchStep>().AddActivity<BenchWait>().UseEntityFrameworkCore<BenchDbContext>());
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().ImportAsync(Definitions.WaitLoop()).AsTask().GetAwaiter().GetResult();
        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        for (var i = 0; i < Instances; i++)
        {
            runtime.StartAsync("wait-loop", new Dictionary<string, object?> { ["key"] = $"k{i}" }).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    [Benchmark(Description = "resume + persist, SQLite file")]
    public async Task<ResumeStatus> ResumeAndPersist()
    {
        var key = $"k{_next++ % Instances}";
        await using var scope = _services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().ResumeAsync("Bench.Wait", new { key });
        return results[0].Status;
    }
}

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddWorkflowTables();
}
