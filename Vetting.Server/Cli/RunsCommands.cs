using System.CommandLine;
using System.Text.Json.Nodes;

namespace Vetting.Server.Cli;

/// <summary><c>vetting runs start|list|show|watch|cancel|override|release|log|report</c>.</summary>
public static class RunsCommands
{
    private static readonly Argument<int> RunId = new("run") { Description = "Run id" };

    public static Command Build()
    {
        var runs = new Command("runs", "Vetting runs: start, follow, steer and read them");

        var host = new Argument<string>("host") { Description = "Host name or id" };
        var profile = new Option<string?>("--profile") { Description = "A profile of the workflow (default standard)" };
        var workflow = new Option<string?>("--workflow") { Description = "Workflow definition id (default vetting)" };
        var start = new Command("start", "Start vetting a host") { host, profile, workflow };
        start.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var found = await HostsCommands.FindAsync(api, result.GetValue(host)!, ct);
            var body = new JsonObject { ["profile"] = result.GetValue(profile), ["workflow"] = result.GetValue(workflow) };
            var run = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/hosts/{CliOutput.Text(found, "id")}/runs", body.ToJsonString(), ct);
            CliOutput.Print(result, run, $"run {CliOutput.Text(run, "id")} of '{CliOutput.Text(run, "hostName")}' is {CliOutput.Text(run, "state")} ({CliOutput.Text(run, "profile")}); follow it with: vetting runs watch {CliOutput.Text(run, "id")}");
            return CliExit.Ok;
        });

        var hostFilter = new Option<string?>("--host") { Description = "Only this host's runs (name or id)" };
        var state = new Option<string?>("--state") { Description = "Only runs in this state" };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1-1000, default 100)" };
        var list = new Command("list", "Runs, newest first") { hostFilter, state, limit };
        list.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var query = new List<string>();
            if (result.GetValue(hostFilter) is { } h)
            {
                query.Add($"hostId={CliOutput.Text(await HostsCommands.FindAsync(api, h, ct), "id")}");
            }

            if (result.GetValue(state) is { } s)
            {
                query.Add($"state={Uri.EscapeDataString(s)}");
            }

            if (result.GetValue(limit) is { } l)
            {
                query.Add($"limit={l}");
            }

            var all = await api.GetJsonAsync("/api/v1/runs" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ct);
            return CliOutput.Show(result, all, () =>
            {
                CliOutput.Table(["ID", "HOST", "STATE", "VERDICT", "PROFILE", "CREATED"], all!.AsArray().Select(r => (IReadOnlyList<string?>)
                [
                    CliOutput.Text(r, "id"), CliOutput.Text(r, "hostName"), CliOutput.Text(r, "state"), CliOutput.Text(r, "verdict"),
                    CliOutput.Text(r, "profile"), CliOutput.Time(r, "createdAt"),
                ]));
            });
        });

        var show = new Command("show", "A run: stages, failure, hold") { RunId };
        show.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var run = await api.GetJsonAsync($"/api/v1/runs/{result.GetValue(RunId)}", ct);
            return CliOutput.Show(result, run, () => RunText.Print(run));
        });

        runs.Add(start);
        runs.Add(list);
        runs.Add(show);
        runs.Add(RunWatch.Build(RunId));
        runs.Add(Action("cancel", "Cancel a run (a live node is powered off)", "cancel"));
        runs.Add(Action("override", "Re-run storage destructively on a run held for wipe-probe-refused (overwrites its non-blank disks)", "override-wipe-probe"));
        runs.Add(Action("release", "End a hold: the node powers off and the run ends Failed", "release"));
        runs.Add(RunFiles.Log(RunId));
        runs.Add(RunFiles.Report(RunId));
        return runs;
    }

    private static Command Action(string name, string description, string path)
    {
        var command = new Command(name, description) { RunId };
        command.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var run = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/runs/{result.GetValue(RunId)}/{path}", null, ct);
            CliOutput.Print(result, run, $"run {CliOutput.Text(run, "id")}: {name} accepted ({CliOutput.Text(run, "state")})");
            return CliExit.Ok;
        });
        return command;
    }
}
