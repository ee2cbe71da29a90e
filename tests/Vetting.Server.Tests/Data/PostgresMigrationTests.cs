using System.Net.Http.Json;
using System.Text.Json;
using Vetting.Protocol;
using Vetting.Server.Tests.Cli;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Data;

/// <summary><c>vetting db migrate-to-postgres</c>: a SQLite installation moved to PostgreSQL, its runs kept and its open runs going on.</summary>
public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task A_sqlite_installation_moves_to_postgres_with_its_history_and_its_open_run_goes_on()
    {
        TestDatabase.RequireSqlite("migrating from SQLite");
        TestDatabase.RequireServer();
        var root = Directory.CreateTempSubdirectory("vetting-migrate-").FullName;
        var target = TestDatabase.Create();
        try
        {
            string finished, open, hosts;
            using (var before = new VettingApp(root))
            {
                var client = before.CreateClient();
                var (passedRun, agent) = await before.StartRunWithAgentAsync(client);
                Assert.Equal(InstructionKinds.PowerOff, (await agent.RunStagesAsync()).Kind);
                await VettingApp.WaitForStateAsync(client, passedRun, "Passed");
                var second = await before.CreateHostAsync(client, name: "node-2", mac: "52:54:00:00:00:02");
                var openRun = await VettingApp.StartRunAsync(client, second);
                await VettingApp.WaitForStateAsync(client, openRun, "WaitingWoL");
                finished = await client.GetStringAsync($"/api/v1/runs/{passedRun}", TestContext.Current.CancellationToken);
                open = await client.GetStringAsync($"/api/v1/runs/{openRun}", TestContext.Current.CancellationToken);
                hosts = await client.GetStringAsync("/api/v1/hosts", TestContext.Current.CancellationToken);
            }

            var migrated = await CliProcess.RunAsync("db", "migrate-to-postgres", target, "--config", Path.Combine(root, "vetting.yaml"));
            var again = await CliProcess.RunAsync("db", "migrate-to-postgres", target, "--config", Path.Combine(root, "vetting.yaml"));

            Assert.True(migrated.ExitCode == 0, migrated.Stderr);
            Assert.Matches(@"runs\s+2 rows", migrated.Stdout);
            Assert.Matches(@"hosts\s+2 rows", migrated.Stdout);
            Assert.Contains("set database.provider: postgres", migrated.Stdout, StringComparison.Ordinal);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("not migrated: the PostgreSQL database is not empty", again.Stderr, StringComparison.Ordinal);

            using var after = new VettingApp(root, extraYaml: $"database:\n  provider: postgres\n  connection_string: \"{target}\"\n");
            var api = after.CreateClient();
            Assert.Equal(finished, await api.GetStringAsync("/api/v1/runs/1", TestContext.Current.CancellationToken));
            Assert.Equal(open, await api.GetStringAsync("/api/v1/runs/2", TestContext.Current.CancellationToken));
            Assert.Equal(hosts, await api.GetStringAsync("/api/v1/hosts", TestContext.Current.CancellationToken));

            // The open run, started on SQLite, is resumed from its PostgreSQL bookmark when node-2 boots.
            var node2 = new SimulatedAgent(api, "52:54:00:00:00:02");
            await node2.BootAsync();
            Assert.Equal(2, node2.RunId);
            (await node2.HelloAsync()).EnsureSuccessStatusCode();
            Assert.Equal(InstructionKinds.PowerOff, (await node2.RunStagesAsync()).Kind);
            await VettingApp.WaitForStateAsync(api, 2, "Passed");

            // New rows continue after the copied ids.
            var third = await after.CreateHostAsync(api, name: "node-3", mac: "52:54:00:00:00:03");
            Assert.Equal(3, third);
            Assert.Equal(3, await VettingApp.StartRunAsync(api, third));
        }
        finally
        {
            TestDatabase.Drop(target);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_target_or_a_missing_database_is_refused_with_the_reason()
    {
        var root = Directory.CreateTempSubdirectory("vetting-migrate-").FullName;
        try
        {
            var config = Path.Combine(root, "vetting.yaml");
            await File.WriteAllTextAsync(config, $"paths:\n  data_dir: \"{root}/data\"\n", TestContext.Current.CancellationToken);

            var typo = await CliProcess.RunAsync("db", "migrate-to-postgres", "Host=db;Pasword=hunter2", "--config", config);
            var noHost = await CliProcess.RunAsync("db", "migrate-to-postgres", "Database=vetting", "--config", config);
            var noSource = await CliProcess.RunAsync("db", "migrate-to-postgres", "Host=127.0.0.1;Database=vetting", "--config", config);

            Assert.Equal(2, typo.ExitCode);
            Assert.Contains("connection-string: is not a PostgreSQL connection string", typo.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", typo.Stderr, StringComparison.Ordinal);
            Assert.Equal(2, noHost.ExitCode);
            Assert.Contains("connection-string: names no Host", noHost.Stderr, StringComparison.Ordinal);
            Assert.Equal(1, noSource.ExitCode);
            Assert.Contains($"not migrated: no SQLite database at {root}/data/vetting.db", noSource.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
