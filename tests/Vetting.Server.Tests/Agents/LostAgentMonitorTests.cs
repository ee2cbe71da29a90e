using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vetting.Server.Agents;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Hosting;

namespace Vetting.Server.Tests.Agents;

public sealed class LostAgentMonitorTests
{
    [Fact]
    public async Task It_backs_off_while_the_database_is_unavailable_instead_of_spinning()
    {
        // A database file in a folder that does not exist: every pass fails when it opens the connection.
        var services = new ServiceCollection();
        services.AddDbContext<VettingDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing", "vetting.db")}"));
        await using var provider = services.BuildServiceProvider();
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var presence = new AgentPresence(new AgentOptions { LostAfter = TimeSpan.FromSeconds(40) }, clock);
        using var monitor = new LostAgentMonitor(provider.GetRequiredService<IServiceScopeFactory>(), presence, new Vetting.Server.Configuration.SiteOptions(), clock, NullLogger<LostAgentMonitor>.Instance);
        var passes = Channel.CreateUnbounded<PollingPass>();
        monitor.Waiting += pass => passes.Writer.TryWrite(pass);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await monitor.StartAsync(timeout.Token);
        var seen = new List<PollingPass>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var pass = await passes.Reader.ReadAsync(timeout.Token);
                seen.Add(pass);
                // The next pass can only come once the fake clock has moved by the wait the service announced.
                clock.Advance(pass.NextIn);
            }
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }

        Assert.All(seen, pass => Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(pass.Error));
        Assert.Equal([1, 2, 3, 4, 5], seen.Select(p => p.FailuresInARow));
        // A quarter of lost_after (10 s) first, doubling, capped at a minute.
        Assert.Equal([10, 20, 40, 60, 60], seen.Select(p => p.NextIn.TotalSeconds));
        // Each pass ran only after the previous wait had passed on the clock: no tight loop.
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.Equal(seen[i - 1].At + seen[i - 1].NextIn, seen[i].At);
        }
    }
}
