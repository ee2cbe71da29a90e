using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Vetting.Server.Data;

namespace Vetting.Server.Tests.Data;

/// <summary>
/// SQLite writers queue at <see cref="SqliteWriteGate"/> and wait there without a thread. Without the gate, the second
/// writer's call would block its thread in SQLite's busy handler and return only when the first commits or 10 s pass, so
/// "the call came back with its task still running" is what tells the two apart.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vetting-gate-").FullName;
    private readonly SqliteWriteGate _gate = new(NullLogger<SqliteWriteGate>.Instance);
    private readonly SqlitePragmas _pragmas = new();

    public SqliteWriteGateTests()
    {
        using var db = Context();
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    [Fact]
    public async Task A_second_save_waits_for_the_first_transaction_and_goes_when_it_commits()
    {
        await using var first = Context();
        await using var second = Context();
        var transaction = await first.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        first.Items.Add(new GateItem { Name = "first" });
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);
        Assert.NotEqual(Guid.Empty, _gate.Holder);

        second.Items.Add(new GateItem { Name = "second" });
        var waiting = second.SaveChangesAsync(TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        await transaction.CommitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await waiting);
        Assert.Equal(Guid.Empty, _gate.Holder);
        await transaction.DisposeAsync();
        Assert.Equal(["first", "second"], await Names());
    }

    [Fact]
    public async Task A_rolled_back_transaction_lets_the_next_writer_in()
    {
        await using var first = Context();
        await using var second = Context();
        await using (var transaction = await first.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            first.Items.Add(new GateItem { Name = "undone" });
            await first.SaveChangesAsync(TestContext.Current.CancellationToken);
            second.Items.Add(new GateItem { Name = "kept" });
            var waiting = second.SaveChangesAsync(TestContext.Current.CancellationToken);
            Assert.False(waiting.IsCompleted);

            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
            Assert.Equal(1, await waiting);
        }

        Assert.Equal(["kept"], await Names());
    }

    [Fact]
    public async Task A_transaction_dropped_without_commit_or_rollback_gives_the_gate_back_when_its_context_goes()
    {
        var first = Context();
        await using var second = Context();
        var transaction = await first.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        first.Items.Add(new GateItem { Name = "lost" });
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);
        // As when an exception leaves the using block: SQLite rolls back, and EF reports no commit or rollback.
        await transaction.DisposeAsync();
        second.Items.Add(new GateItem { Name = "after" });
        var waiting = second.SaveChangesAsync(TestContext.Current.CancellationToken);

        await first.DisposeAsync();
        Assert.Equal(1, await waiting);
        Assert.Equal(["after"], await Names());
        Assert.Equal(Guid.Empty, _gate.Holder);
        Assert.Equal(0, _gate.Overruns); // not let through after 10 s of waiting: given back when the connection closed
    }

    [Fact]
    public async Task A_bulk_update_outside_a_transaction_waits_its_turn_and_gives_the_gate_back()
    {
        await using (var seed = Context())
        {
            seed.Items.Add(new GateItem { Name = "a" });
            await seed.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var first = Context();
        await using var second = Context();
        var transaction = await first.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var waiting = second.Items.Where(i => i.Name == "a").ExecuteUpdateAsync(s => s.SetProperty(i => i.Name, "b"), TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        await transaction.CommitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await waiting);
        Assert.Equal(Guid.Empty, _gate.Holder);
        Assert.Equal(["b"], await Names());
        Assert.Equal(0, _gate.Overruns);
    }

    public void Dispose()
    {
        _gate.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private GateContext Context() => new(new DbContextOptionsBuilder<GateContext>()
        .UseSqlite($"Data Source={Path.Combine(_dir, "gate.db")}")
        .AddInterceptors(_pragmas, _gate)
        .Options);

    private async Task<List<string>> Names()
    {
        await using var db = Context();
        return await db.Items.OrderBy(i => i.Id).Select(i => i.Name).ToListAsync(TestContext.Current.CancellationToken);
    }

    private sealed class GateContext(DbContextOptions<GateContext> options) : DbContext(options)
    {
        public DbSet<GateItem> Items => Set<GateItem>();
    }
}

public sealed class GateItem
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}
