using Vetting.Activities.Ports;
using Vetting.Server.Configuration;
using Vetting.Server.Runs;

namespace Vetting.Server.Notifications;

/// <summary>The words of a run's notification, as every notifier receives them.</summary>
public sealed class RunNotices(HoldKeys holdKeys, ServerOptions server)
{
    public Notification Describe(Run run, string @event, string? message)
    {
        // The verdict comes from the event, not the state: the workflow notifies before its last step
        // (PowerOff, HoldForSsh) moves the run to Passed or FailedHolding. A stage that could not be run makes a
        // failed or held run inconclusive: no fault was found.
        var at = run.FailureStage is null ? "" : " at " + run.FailureStage;
        var faulted = RunVerdict.NotCovered(run) is null;
        var (outcome, ended) = faulted ? ("failed", "failed") : ("inconclusive", "was inconclusive");
        var title = @event switch
        {
            NotificationEvents.Passed => $"{run.Host.Name}: vetting passed",
            NotificationEvents.Held => $"{run.Host.Name}: vetting {outcome}{at}, node held for SSH",
            NotificationEvents.Cancelled => $"{run.Host.Name}: vetting cancelled",
            _ => $"{run.Host.Name}: vetting {outcome}{at}",
        };
        var verdict = @event switch
        {
            NotificationEvents.Passed => "passed",
            NotificationEvents.Held => $"{ended}{at}; the node is held for SSH",
            NotificationEvents.Cancelled => "was cancelled",
            _ => $"{ended}{at}",
        };
        var lines = new List<string> { $"Run {run.Id} ({run.Profile}) {verdict}." };
        if (run.FailureReason is not null)
        {
            lines.Add($"{(faulted ? "Failure" : "Not tested")}: {run.FailureReason}: {run.FailureMessage}");
        }

        if (@event == NotificationEvents.Held && holdKeys.SshCommand(run.Id, run.AgentIp) is { } ssh)
        {
            lines.Add($"SSH: {ssh}");
        }

        if (!string.IsNullOrWhiteSpace(message))
        {
            lines.Add(message);
        }

        return new Notification(@event, run.Id, run.Host.Name, title, string.Join('\n', lines), $"{server.EffectivePublicUrl}/api/v1/runs/{run.Id}/report.html");
    }

    /// <summary>The event named by a workflow (case-insensitively), or null when it is none of <see cref="NotificationEvents.All"/>.</summary>
    public static string? Known(string @event) =>
        NotificationEvents.All.FirstOrDefault(e => string.Equals(e, @event, StringComparison.OrdinalIgnoreCase));
}
