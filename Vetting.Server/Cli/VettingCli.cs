using System.CommandLine;
using Vetting.Server.Configuration;
using Vetting.Server.Startup;

namespace Vetting.Server.Cli;

/// <summary>
/// The <c>vetting</c> command: <c>serve</c> runs the orchestrator, the others talk to a running one over its API or
/// work on local files. A typo never starts the server: unknown commands and options exit 2 with usage.
/// </summary>
public static class VettingCli
{
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "Base URL of the orchestrator (default: $VETTING_SERVER, else server.bind of the config, else http://127.0.0.1:8080)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print the server's JSON instead of a table", Recursive = true };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = $"The YAML configuration (default {VettingConfigLoader.DefaultConfigPath} when it exists)",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        // Tooling that hosts the app in-process (WebApplicationFactory, build-time OpenAPI) passes host settings as
        // --applicationName=…; systemd runs the unit's ExecStart, which says `serve` — and older units said nothing.
        if (args.Any(a => a.StartsWith("--applicationName=", StringComparison.Ordinal))
            || (args.Length == 0 && Environment.GetEnvironmentVariable("INVOCATION_ID") is not null))
        {
            return await ServerHost.RunAsync(args);
        }

        var root = Build();
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"vetting: {error.Message}");
            }

            // The usage of the command the typo was made in, on stderr, so a script's output stays clean.
            await Console.Error.WriteLineAsync();
            var path = Path(result.CommandResult.Command);
            await root.Parse([.. path.Skip(1), "--help"]).InvokeAsync(new InvocationConfiguration { Output = Console.Error });
            return CliExit.Usage;
        }

        try
        {
            return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"vetting: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // A file or an answer the command could not read: the reason, not a stack trace.
            await Console.Error.WriteLineAsync($"vetting: {e.Message}");
            return CliExit.Refused;
        }
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("Vetting: wake, PXE-boot, test and report on repaired servers. 'vetting serve' runs the orchestrator; "
                                   + "the other commands talk to a running one.")
        {
            Server, Json, Config,
            LocalCommands.Serve(), HostsCommands.Build(), RunsCommands.Build(), WorkflowsCommands.Build(),
            LocalCommands.ConfigCommand(), LocalCommands.Db(), LocalCommands.Completion(),
        };
        return root;
    }

    /// <summary>The API client for the server the options name (see <see cref="Server"/>).</summary>
    public static ApiClient Client(ParseResult result)
    {
        var given = result.GetValue(Server) ?? Environment.GetEnvironmentVariable("VETTING_SERVER");
        if (given is not null)
        {
            return Uri.TryCreate(given, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? new ApiClient(uri)
                : throw new CliException(CliExit.Usage, $"--server '{given}' is not an http(s) URL (e.g. http://vetting.lan:8080)");
        }

        var path = result.GetValue(Config) ?? (File.Exists(VettingConfigLoader.DefaultConfigPath) ? VettingConfigLoader.DefaultConfigPath : null);
        if (path is null)
        {
            return new ApiClient(new Uri("http://127.0.0.1:8080"));
        }

        var config = LocalCommands.LoadConfig(path);
        // The CLI runs beside the server: a wildcard bind is reached on loopback.
        var bind = config.Server.Bind.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal);
        return new ApiClient(new Uri($"http://{bind}"));
    }

    private static List<string> Path(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "vetting" : c.Name);
        }

        return names;
    }
}
