using System.CommandLine;

namespace Vetting.Server.Cli;

/// <summary><c>vetting runs log N</c> and <c>vetting runs report N</c>.</summary>
public static class RunFiles
{
    public static Command Log(Argument<int> runId)
    {
        var tail = new Option<int?>("--tail") { Description = "Only the last N lines" };
        var log = new Command("log", "The run's log: the orchestrator's lines and the agent's") { runId, tail };
        log.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var query = result.GetValue(tail) is { } n ? $"?tail={n}" : "";
            await Console.Out.WriteAsync(await api.GetTextAsync($"/api/v1/runs/{result.GetValue(runId)}/log{query}", ct));
            return CliExit.Ok;
        });
        return log;
    }

    public static Command Report(Argument<int> runId)
    {
        var html = new Option<bool>("--html") { Description = "report.html instead of report.json" };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var report = new Command("report", "The run's report (written when the run ends or is held)") { runId, html, output };
        report.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var name = result.GetValue(html) ? "report.html" : "report.json";
            var bytes = await api.GetBytesAsync($"/api/v1/runs/{result.GetValue(runId)}/{name}", ct);
            if (result.GetValue(output) is { } path)
            {
                await File.WriteAllBytesAsync(path, bytes, ct);
                Console.Out.WriteLine($"{name} of run {result.GetValue(runId)} written to {path} ({bytes.Length} bytes)");
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(bytes, ct);
            }

            return CliExit.Ok;
        });
        return report;
    }
}
