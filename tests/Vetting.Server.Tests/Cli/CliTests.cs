using System.Text.Json;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Cli;

/// <summary>The real <c>vetting</c> binary against a real server on a real port and SQLite file.</summary>
public sealed class CliTests : IDisposable
{
    private readonly VettingApp _app = new();
    private readonly string _server;

    public CliTests()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        _server = _app.ClientOptions.BaseAddress.ToString();
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Version_and_help_answer_and_typos_exit_2_with_usage_without_starting_a_server()
    {
        var version = await CliProcess.RunAsync("--version");
        var help = await CliProcess.RunAsync("runs", "--help");
        var bogus = await CliProcess.RunAsync("--bogus");
        var typo = await CliProcess.RunAsync("hosts", "lst");
        var bare = await CliProcess.RunAsync();

        Assert.True(version.ExitCode == 0, version.Stdout + version.Stderr);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("watch <run>", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, bogus.ExitCode);
        Assert.Contains("'--bogus'", bogus.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", bogus.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("vetting hosts [command] [options]", typo.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, bare.ExitCode);
        Assert.DoesNotContain("Now listening", bogus.Stdout + typo.Stdout + bare.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_are_added_from_stdin_listed_edited_and_a_bad_spec_is_refused_naming_its_line()
    {
        var added = await CliProcess.RunWithInputAsync("memory:\n  total_gib: 4\ncpu:\n  logical_cores: 4\n",
            "hosts", "add", "--server", _server, "--name", "node-7", "--mac", "52-54-00-AA-BB-07", "--wol", "10.77.0.255", "--spec", "-");
        var bad = await CliProcess.RunWithInputAsync("cpu:\n  logical_cores: four\n",
            "hosts", "add", "--server", _server, "--name", "node-8", "--mac", "52:54:00:aa:bb:08", "--wol", "10.77.0.255", "--spec", "-");
        var edited = await CliProcess.RunAsync("hosts", "edit", "node-7", "--server", _server, "--wol", "10.77.0.127");
        var list = await CliProcess.RunAsync("hosts", "list", "--server", _server);
        var json = await CliProcess.RunAsync("hosts", "show", "node-7", "--server", _server, "--json");

        Assert.Equal(0, added.ExitCode);
        Assert.Contains("'node-7' registered", added.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("expectedSpec", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 2", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, edited.ExitCode);
        Assert.Contains("52:54:00:aa:bb:07", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("node-8", list.Stdout, StringComparison.Ordinal);
        var host = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("10.77.0.127", host.GetProperty("wolBroadcast").GetString());
        Assert.Contains("total_gib: 4", host.GetProperty("expectedSpec").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_is_started_cancelled_and_watch_exits_with_the_cancelled_code()
    {
        var client = _app.CreateClient();
        await _app.CreateHostAsync(client, name: "node-1");

        var started = await CliProcess.RunAsync("runs", "start", "node-1", "--profile", "quick", "--server", _server, "--json");
        var runId = JsonDocument.Parse(started.Stdout).RootElement.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var unknownProfile = await CliProcess.RunAsync("runs", "start", "node-1", "--profile", "forever", "--server", _server);
        var cancelled = await CliProcess.RunAsync("runs", "cancel", runId, "--server", _server);
        var watch = await CliProcess.RunAsync("runs", "watch", runId, "--server", _server);
        var log = await CliProcess.RunAsync("runs", "log", runId, "--tail", "5", "--server", _server);
        var list = await CliProcess.RunAsync("runs", "list", "--host", "node-1", "--server", _server);

        Assert.Equal(0, started.ExitCode);
        Assert.Equal(1, unknownProfile.ExitCode);
        Assert.Contains("use quick, standard, burn-in", unknownProfile.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, cancelled.ExitCode);
        Assert.Equal(7, watch.ExitCode);
        Assert.Contains("Cancelled", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains("cancelled by the operator", log.Stdout, StringComparison.Ordinal);
        Assert.Contains("Cancelled", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_follows_a_run_to_Passed_and_exits_0()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        var watching = CliProcess.RunAsync("runs", "watch", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", _server);

        await agent.RunStagesAsync();
        var watch = await watching;

        Assert.Equal(0, watch.ExitCode);
        Assert.Contains("Passed", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains("network", watch.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflows_export_import_and_publish_round_trip()
    {
        var file = Path.Combine(_app.Root, "vetting-export.json");
        var export = await CliProcess.RunAsync("workflows", "export", "vetting", "-o", file, "--server", _server);
        var import = await CliProcess.RunAsync("workflows", "import", file, "--server", _server, "--json");
        var version = JsonDocument.Parse(import.Stdout).RootElement.GetProperty("version").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var publish = await CliProcess.RunAsync("workflows", "publish", "vetting", "--version", version, "--server", _server);
        var list = await CliProcess.RunAsync("workflows", "list", "--server", _server);

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(0, publish.ExitCode);
        Assert.Contains($"v{version} is published", publish.Stdout, StringComparison.Ordinal);
        Assert.Contains("quick,standard,burn-in", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_names_a_wrong_key_and_db_backup_writes_a_consistent_copy()
    {
        TestDatabase.RequireSqlite("db backup");
        var typo = Path.Combine(_app.Root, "typo.yaml");
        await File.WriteAllTextAsync(typo, "server:\n  bnd: 127.0.0.1:8080\n", TestContext.Current.CancellationToken);
        var check = await CliProcess.RunAsync("config", "check", "--config", typo);
        var good = await CliProcess.RunAsync("config", "check", "--config", _app.ConfigPath);
        await _app.CreateHostAsync(_app.CreateClient(), name: "kept");
        var copy = Path.Combine(_app.Root, "backup.db");
        var backup = await CliProcess.RunAsync("db", "backup", copy, "--config", _app.ConfigPath);
        var again = await CliProcess.RunAsync("db", "backup", copy, "--config", _app.ConfigPath);

        Assert.Equal(2, check.ExitCode);
        Assert.Contains("server.bnd", check.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("configuration ok", good.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, backup.ExitCode);
        Assert.Equal(2, again.ExitCode);
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT name FROM hosts";
        Assert.Equal("kept", await query.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
