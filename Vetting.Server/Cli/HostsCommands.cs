using System.CommandLine;
using System.Text.Json.Nodes;

namespace Vetting.Server.Cli;

/// <summary><c>vetting hosts list|show|add|edit|rm</c>.</summary>
public static class HostsCommands
{
    public static Command Build()
    {
        var hosts = new Command("hosts", "Registered hosts and their expected spec");

        var list = new Command("list", "Every host with its latest run");
        list.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var all = await api.GetJsonAsync("/api/v1/hosts", ct);
            return CliOutput.Show(result, all, () =>
            {
                CliOutput.Table(["ID", "NAME", "MAC", "STATE", "VERDICT", "LAST RUN"], all!.AsArray().Select(h => (IReadOnlyList<string?>)
                [
                    CliOutput.Text(h, "id"), CliOutput.Text(h, "name"), CliOutput.Text(h, "mac"),
                    CliOutput.Text(h?["latestRun"], "state"), CliOutput.Text(h?["latestRun"], "verdict"), CliOutput.Text(h?["latestRun"], "id"),
                ]));
            });
        });

        var hostArgument = new Argument<string>("host") { Description = "Host name or id" };
        var show = new Command("show", "A host with its expected spec") { hostArgument };
        show.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var host = await FindAsync(api, result.GetValue(hostArgument)!, ct);
            return CliOutput.Show(result, host, () =>
            {
                CliOutput.Fields([("id", CliOutput.Text(host, "id")), ("name", CliOutput.Text(host, "name")), ("mac", CliOutput.Text(host, "mac")),
                    ("wol broadcast", CliOutput.Text(host, "wolBroadcast")), ("latest run", CliOutput.Text(host?["latestRun"], "id")),
                    ("state", CliOutput.Text(host?["latestRun"], "state"))]);
                Console.Out.WriteLine("expected spec:");
                Console.Out.WriteLine(CliOutput.Text(host, "expectedSpec"));
            });
        });

        var name = new Option<string?>("--name") { Description = "1-63 of A-Z a-z 0-9 . _ -" };
        var mac = new Option<string?>("--mac") { Description = "MAC in any common spelling" };
        var wol = new Option<string?>("--wol") { Description = "Wake-on-LAN broadcast address (IPv4)" };
        var spec = new Option<string?>("--spec") { Description = "Expected spec YAML file, or - for standard input" };
        var add = new Command("add", "Register a host") { name, mac, wol, spec };
        add.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var body = new JsonObject
            {
                ["name"] = result.GetValue(name),
                ["mac"] = result.GetValue(mac),
                ["wolBroadcast"] = result.GetValue(wol),
                ["expectedSpec"] = await ReadSpecAsync(result.GetValue(spec), ct) ?? "",
            };
            var created = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/hosts", body.ToJsonString(), ct);
            CliOutput.Print(result, created, $"host {CliOutput.Text(created, "id")} '{CliOutput.Text(created, "name")}' registered");
            return CliExit.Ok;
        });

        var edit = new Command("edit", "Change a host (only the options given)") { hostArgument, name, mac, wol, spec };
        edit.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var host = await FindAsync(api, result.GetValue(hostArgument)!, ct);
            var body = new JsonObject
            {
                ["name"] = result.GetValue(name) ?? CliOutput.Text(host, "name"),
                ["mac"] = result.GetValue(mac) ?? CliOutput.Text(host, "mac"),
                ["wolBroadcast"] = result.GetValue(wol) ?? CliOutput.Text(host, "wolBroadcast"),
                ["expectedSpec"] = await ReadSpecAsync(result.GetValue(spec), ct) ?? CliOutput.Text(host, "expectedSpec"),
            };
            var updated = await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/hosts/{CliOutput.Text(host, "id")}", body.ToJsonString(), ct);
            CliOutput.Print(result, updated, $"host {CliOutput.Text(updated, "id")} '{CliOutput.Text(updated, "name")}' updated");
            return CliExit.Ok;
        });

        var rm = new Command("rm", "Remove a host (refused while it has an active run; its history is kept)") { hostArgument };
        rm.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var host = await FindAsync(api, result.GetValue(hostArgument)!, ct);
            await api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/hosts/{CliOutput.Text(host, "id")}", null, ct);
            Console.Out.WriteLine($"host '{CliOutput.Text(host, "name")}' removed");
            return CliExit.Ok;
        });

        hosts.Add(list);
        hosts.Add(show);
        hosts.Add(add);
        hosts.Add(edit);
        hosts.Add(rm);
        return hosts;
    }

    /// <summary>A host by id or by name.</summary>
    public static async Task<JsonNode?> FindAsync(ApiClient api, string host, CancellationToken cancellationToken)
    {
        if (int.TryParse(host, out var id))
        {
            return await api.GetJsonAsync($"/api/v1/hosts/{id}", cancellationToken);
        }

        var all = (await api.GetJsonAsync("/api/v1/hosts", cancellationToken))!.AsArray();
        return all.FirstOrDefault(h => CliOutput.Text(h, "name") == host)
               ?? throw new CliException(CliExit.Refused, $"no host named '{host}' (vetting hosts list shows them)");
    }

    private static async Task<string?> ReadSpecAsync(string? source, CancellationToken cancellationToken) => source switch
    {
        null => null,
        "-" => await Console.In.ReadToEndAsync(cancellationToken),
        _ when File.Exists(source) => await File.ReadAllTextAsync(source, cancellationToken),
        _ => throw new CliException(CliExit.Usage, $"--spec: no file '{source}' (give a YAML file, or - to read standard input)"),
    };
}
