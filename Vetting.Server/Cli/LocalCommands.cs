using System.CommandLine;
using Microsoft.Data.Sqlite;
using Vetting.Server.Configuration;
using Vetting.Server.Startup;

namespace Vetting.Server.Cli;

/// <summary>The commands that work on this machine rather than through the API: serve, config check, db backup, completion.</summary>
public static class LocalCommands
{
    /// <summary>Written beside the binary by deploy/install.sh: the user the installed service runs as.</summary>
    public const string ServiceUserFile = "service-user";

    public static Command Serve()
    {
        var serve = new Command("serve", "Run the orchestrator (what the systemd unit runs)");
        serve.SetAction(async (result, _) =>
        {
            if (Environment.IsPrivilegedProcess && InstalledServiceUser() is { } user)
            {
                throw new CliException(CliExit.Usage,
                    $"refusing to serve as root: this installed copy runs as the service user '{user}'. Start it with 'systemctl start vetting', "
                    + $"or by hand with 'runuser -u {user} -- vetting serve --config {result.GetValue(VettingCli.Config) ?? VettingConfigLoader.DefaultConfigPath}'.");
            }

            return await ServerHost.RunAsync(result.GetValue(VettingCli.Config) is { } path ? ["--config", path] : []);
        });
        return serve;
    }

    public static Command ConfigCommand()
    {
        var config = new Command("config", "The YAML configuration");
        var check = new Command("check", "Validate the configuration and say what it sets; exit 2 naming each wrong key");
        check.SetAction(result =>
        {
            var path = ConfigPath(result);
            var loaded = LoadConfig(path);
            CliOutput.Fields([
                ("config", path ?? "(none: the embedded defaults)"), ("server.bind", loaded.Server.Bind), ("server.public_url", loaded.Server.EffectivePublicUrl),
                ("paths.data_dir", loaded.Paths.DataDir), ("database", loaded.Database.Describe(loaded.Paths)), ("pxe", loaded.Pxe.Enabled ? $"enabled on {loaded.Pxe.Interface}" : "disabled"),
                ("notifiers", loaded.Notifiers.Count == 0 ? "none" : string.Join(", ", loaded.Notifiers.Select(n => n.Type))),
            ]);
            Console.Out.WriteLine("configuration ok");
            return CliExit.Ok;
        });
        config.Add(check);
        return config;
    }

    public static Command Db()
    {
        var db = new Command("db", "The database: a SQLite backup, or moving to PostgreSQL");
        var target = new Argument<string>("path") { Description = "Where to write the copy (must not exist)" };
        var backup = new Command("backup", "A consistent copy of the live database, taken online (SQLite's backup API)") { target };
        backup.SetAction(result =>
        {
            var path = ConfigPath(result);
            var config = LoadConfig(path);
            if (!config.Database.IsSqlite)
            {
                throw new CliException(CliExit.Refused,
                    "database.provider is postgres: back it up with PostgreSQL's own tools (pg_dump -Fc); see docs/operations.md, Backup and restore");
            }

            var source = config.Paths.DatabaseFile;
            var destination = Path.GetFullPath(result.GetValue(target)!);
            if (!File.Exists(source))
            {
                throw new CliException(CliExit.Refused, $"no database at {source} (paths.data_dir of {path ?? "the embedded defaults"}); name the config with --config");
            }

            if (File.Exists(destination))
            {
                throw new CliException(CliExit.Usage, $"{destination} exists; give a new path (a backup never overwrites)");
            }

            var partial = destination + ".partial";
            File.Delete(partial);
            using (var from = new SqliteConnection($"Data Source={source};Mode=ReadOnly;Pooling=False"))
            using (var to = new SqliteConnection($"Data Source={partial};Pooling=False"))
            {
                from.Open();
                to.Open();
                from.BackupDatabase(to);
                using var check = to.CreateCommand();
                check.CommandText = "PRAGMA integrity_check";
                if (check.ExecuteScalar() as string is not "ok" and var problem)
                {
                    throw new CliException(CliExit.Refused, $"the copy failed SQLite's integrity check: {problem}");
                }
            }

            File.Move(partial, destination);
            Console.Out.WriteLine($"backed up {source} to {destination} ({new FileInfo(destination).Length} bytes); restore: docs/operations.md, Backup and restore");
            return CliExit.Ok;
        });
        db.Add(backup);
        db.Add(MigrateToPostgres());
        return db;
    }

    private static Command MigrateToPostgres()
    {
        var connection = new Argument<string>("connection-string")
        {
            Description = "The empty PostgreSQL database to fill, as an Npgsql connection string (Host=…;Database=…;Username=…;Password=…)",
        };
        var migrate = new Command("migrate-to-postgres",
            "Copy every row of the SQLite database (paths.data_dir/vetting.db) into an empty PostgreSQL database; stop the service first")
        {
            connection,
        };
        migrate.SetAction(async (result, cancellationToken) =>
        {
            var path = ConfigPath(result);
            var config = LoadConfig(path);
            var target = result.GetValue(connection)!;
            if (DatabaseOptions.ConnectionStringProblem(target) is { } problem)
            {
                throw new CliException(CliExit.Usage, $"connection-string: {problem}");
            }

            try
            {
                var copied = await Data.PostgresMigration.CopyAsync(config.Paths.DatabaseFile, target, cancellationToken);
                foreach (var table in copied)
                {
                    Console.Out.WriteLine($"{table.Table,-26} {table.Rows,8} rows");
                }

                Console.Out.WriteLine($"copied {config.Paths.DatabaseFile} into PostgreSQL ({copied.Sum(t => t.Rows)} rows in {copied.Count} tables). "
                                      + "Now set database.provider: postgres and database.connection_string in the configuration and start the service; "
                                      + "vetting.db is left as it was (keep it as the backup of this moment).");
                return CliExit.Ok;
            }
            catch (Data.PostgresMigration.RefusedException e)
            {
                throw new CliException(CliExit.Refused, $"not migrated: {e.Message}");
            }
        });
        return migrate;
    }

    public static Command Completion()
    {
        var shell = new Argument<string>("shell") { Description = "bash" };
        shell.AcceptOnlyFromAmong("bash");
        var completion = new Command("completion", "Print a shell completion script: eval \"$(vetting completion bash)\"") { shell };
        completion.SetAction(_ =>
        {
            Console.Out.Write("""
                # vetting completion for bash: eval "$(vetting completion bash)" (or save it under /etc/bash_completion.d/vetting)
                _vetting_complete() {
                  local IFS=$'\n' line="${COMP_LINE:0:COMP_POINT}"
                  line="${line#*vetting}"; line="${line# }"
                  COMPREPLY=($(compgen -W "$(vetting "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
                }
                complete -F _vetting_complete vetting

                """);
            return CliExit.Ok;
        });
        return completion;
    }

    /// <summary>The config file a local command reads: <c>--config</c>, else the installed one if present, else none (the defaults).</summary>
    private static string? ConfigPath(ParseResult result) =>
        result.GetValue(VettingCli.Config) ?? (File.Exists(VettingConfigLoader.DefaultConfigPath) ? VettingConfigLoader.DefaultConfigPath : null);

    /// <summary>The configuration at <paramref name="path"/> (null: the embedded defaults); a refused one exits 2 naming the keys.</summary>
    public static VettingConfig LoadConfig(string? path)
    {
        try
        {
            return VettingConfigLoader.Load(path);
        }
        catch (ConfigException e)
        {
            throw new CliException(CliExit.Usage, "configuration refused\n" + e.Message);
        }
    }

    private static string? InstalledServiceUser()
    {
        var file = Path.Combine(AppContext.BaseDirectory, ServiceUserFile);
        return File.Exists(file) ? File.ReadAllText(file).Trim() is { Length: > 0 } user ? user : "vetting" : null;
    }
}
