using System.Text.Json.Nodes;

namespace Vetting.Server.Cli;

/// <summary>A run as text: the facts, the stage timeline, the failure and the hold.</summary>
public static class RunText
{
    public static void Print(JsonNode? run)
    {
        CliOutput.Fields([
            ("run", CliOutput.Text(run, "id")), ("host", CliOutput.Text(run, "hostName")), ("state", CliOutput.Text(run, "state")),
            ("verdict", CliOutput.Text(run, "verdict")), ("profile", CliOutput.Text(run, "profile")),
            ("workflow", $"{CliOutput.Text(run?["workflow"], "definitionId")} v{CliOutput.Text(run?["workflow"], "version")}"),
            ("created", CliOutput.Time(run, "createdAt")), ("ended", CliOutput.Time(run, "endedAt")),
        ]);
        var stages = run?["stages"]?.AsArray() ?? [];
        if (stages.Count > 0)
        {
            Console.Out.WriteLine();
            CliOutput.Table(["STAGE", "#", "STATUS", "TOOK", "SUMMARY"], stages.Select(s => (IReadOnlyList<string?>)
            [
                CliOutput.Text(s, "name"), CliOutput.Text(s, "attempt"), CliOutput.Text(s, "status"), Took(s), CliOutput.Text(s, "summary"),
            ]));
        }

        if (run?["failure"] is JsonObject failure)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine($"failure: {CliOutput.Text(failure, "stage") ?? "run"}: {CliOutput.Text(failure, "reason")}: {CliOutput.Text(failure, "message")}");
        }

        if (run?["hold"] is JsonObject hold)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine($"held for SSH at {CliOutput.Text(hold, "ip") ?? "(address not reported yet)"}");
            if (CliOutput.Text(hold, "sshCommand") is { } ssh)
            {
                Console.Out.WriteLine($"  {ssh}");
            }
        }
    }

    private static string? Took(JsonNode? stage) =>
        DateTimeOffset.TryParse(CliOutput.Text(stage, "startedAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var from)
        && DateTimeOffset.TryParse(CliOutput.Text(stage, "endedAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var to)
            ? CliOutput.Duration(to - from)
            : null;
}
