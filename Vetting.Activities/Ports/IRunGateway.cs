using System.Text.Json.Nodes;
using Vetting.Protocol;

namespace Vetting.Activities.Ports;

/// <summary>What an activity needs to know about its run.</summary>
public sealed record RunSnapshot(
    int RunId,
    string HostName,
    string Mac,
    string WolBroadcast,
    string Profile,
    string State,
    string? ExpectedSpecYaml,
    bool AllowDestructive,
    bool AgentAlive,
    RunFailure? Failure);

public sealed record RunFailure(string? Stage, string Reason, string Message);

/// <summary>
/// The vetting domain as the activities see it. The server implements it over its DbContext without saving:
/// every change joins the workflow step's transaction and commits with it.
/// </summary>
public interface IRunGateway
{
    Task<RunSnapshot> GetAsync(int runId, CancellationToken cancellationToken);

    Task SetStateAsync(int runId, string state, CancellationToken cancellationToken);

    /// <summary>Records why the run failed (stage may be null for boot/hello failures).</summary>
    Task FailAsync(int runId, RunFailure failure, CancellationToken cancellationToken);

    /// <summary>Parameters for a stage: the profile's, then the activity's, then spec thresholds and the run's overrides.</summary>
    Task<JsonObject> StageParametersAsync(int runId, string stage, JsonObject profileParameters, JsonObject activityParameters, CancellationToken cancellationToken);

    /// <summary>Creates the stage's next attempt and its instruction for the agent; returns the instruction id.</summary>
    Task<string> BeginStageAsync(int runId, string stage, JsonObject parameters, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>Records the verdict of an attempt: the agent's result, or null when it timed out.</summary>
    Task FinishStageAsync(int runId, string instructionId, StageResult? result, CancellationToken cancellationToken);

    /// <summary>Compares the run's inventory with the host's expected spec and stores the diffs; true when no <c>fail</c> diff.</summary>
    Task<bool> CompareSpecAsync(int runId, CancellationToken cancellationToken);

    Task WriteReportAsync(int runId, CancellationToken cancellationToken);

    /// <summary>Creates the run's hold key pair and sends the agent a hold instruction with the public key.</summary>
    Task BeginHoldAsync(int runId, CancellationToken cancellationToken);

    /// <summary>Ends the run with a verdict (<c>passed</c> or <c>failed</c>) and powers the node off if its agent is alive.</summary>
    Task EndRunAsync(int runId, string verdict, CancellationToken cancellationToken);

    /// <summary>The notification for an event of the run, as every notifier receives it.</summary>
    Task<Notification> DescribeAsync(int runId, string @event, string? message, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a notification, in the current step's transaction, for every notifier configured for the event; it is
    /// sent once the step has committed (a step that rolls back sends nothing) and retried until it arrives. It never
    /// fails the run: an event that is not one of <see cref="NotificationEvents"/> (a workflow variable or script can
    /// produce anything) is noted in the run log and nothing is sent. <paramref name="occurrence"/> names what queued
    /// it (an activity at an instance revision): the same occurrence is queued once, however often the step replays.
    /// </summary>
    Task NotifyAsync(int runId, string @event, string? message, string occurrence, CancellationToken cancellationToken);
}
