using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vetting.Server.Cli;

/// <summary>
/// <c>vetting runs watch N</c>: follows the run over SSE, prints each state it reaches and, during a stage, the
/// agent's heartbeat progress; exits when the run ends (or is held) with the verdict's exit code.
/// </summary>
public static partial class RunWatch
{
    private static readonly HashSet<string> Settled = ["Passed", "Failed", "Cancelled", "FailedHolding"];

    public static Command Build(Argument<int> runId)
    {
        var watch = new Command("watch", "Follow a run until it ends; exit 0 passed, 5 failed, 6 inconclusive, 7 cancelled") { runId };
        watch.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var id = result.GetValue(runId);
            string? lastState = null;
            using var progress = new CancellationTokenSource();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task? poller = null;
            try
            {
                await foreach (var (name, data) in api.EventsAsync(async () =>
                               {
                                   // Subscribed first, then read: no change can fall between the two.
                                   lastState = Report(await api.GetJsonAsync($"/api/v1/runs/{id}", ct), null);
                                   if (Settled.Contains(lastState))
                                   {
                                       await stop.CancelAsync();
                                   }

                                   poller = PollProgressAsync(api, id, () => lastState, progress.Token);
                               }, stop.Token))
                {
                    JsonNode? update = name switch
                    {
                        "run" => JsonNode.Parse(data),
                        // The server's backlog no longer reaches back to us: read the run again.
                        "reset" => await api.GetJsonAsync($"/api/v1/runs/{id}", ct),
                        _ => null,
                    };
                    if (update is null || CliOutput.Text(update, "id") != id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    {
                        continue;
                    }

                    lastState = Report(update, lastState);
                    if (Settled.Contains(lastState))
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // The run had already ended when we looked.
            }

            await progress.CancelAsync();
            if (poller is not null)
            {
                await poller.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            var final = await api.GetJsonAsync($"/api/v1/runs/{id}", ct);
            if (!Settled.Contains(CliOutput.Text(final, "state") ?? ""))
            {
                throw new CliException(CliExit.Unreachable, $"the server closed the event stream while run {id} is {CliOutput.Text(final, "state")}; watch it again");
            }

            Console.Out.WriteLine();
            RunText.Print(final);
            return CliOutput.Text(final, "verdict") switch
            {
                "passed" => CliExit.Ok,
                "inconclusive" => CliExit.RunInconclusive,
                "cancelled" => CliExit.RunCancelled,
                _ => CliExit.RunFailed,
            };
        });
        return watch;
    }

    private static string Report(JsonNode? run, string? previous)
    {
        var state = CliOutput.Text(run, "state") ?? "?";
        if (state != previous)
        {
            Console.Out.WriteLine($"{DateTimeOffset.Now:HH:mm:ss}  {state}");
        }

        return state;
    }

    /// <summary>The agent's heartbeats land in the run log as "[NN%] what it is doing": show them as a bar while a stage runs.</summary>
    private static async Task PollProgressAsync(ApiClient api, int runId, Func<string?> state, CancellationToken cancellationToken)
    {
        string? shown = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            if (state() is not ("Inventory" or "Cpu" or "Memory" or "Storage" or "Network"))
            {
                continue;
            }

            var tail = await api.GetTextAsync($"/api/v1/runs/{runId}/log?tail=20", cancellationToken);
            var beat = tail.Split('\n').Select(l => Heartbeat().Match(l)).LastOrDefault(m => m.Success);
            if (beat is null)
            {
                continue;
            }

            var percent = int.Parse(beat.Groups["percent"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var line = $"          [{new string('#', percent / 5).PadRight(20, '.')}] {percent,3}% {beat.Groups["what"].Value.Trim()}";
            if (line != shown)
            {
                Console.Out.WriteLine(line.Length > 110 ? line[..110] : line);
                shown = line;
            }
        }
    }

    [GeneratedRegex(@" agent: \[(?<percent>\d{1,3})%\] (?<what>.*)$")]
    private static partial Regex Heartbeat();
}
