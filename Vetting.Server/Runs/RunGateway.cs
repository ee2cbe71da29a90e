using System.Text.Json.Nodes;
using Vetting.Activities;
using Vetting.Activities.Ports;
using Vetting.Protocol;
using Vetting.Server.Agents;
using Vetting.Server.Data;
using Vetting.Server.Notifications;

namespace Vetting.Server.Runs;

/// <summary>
/// The vetting domain as the workflow's activities see it: a thin adapter that loads each run once per step and
/// hands the work to the feature that owns it. It never saves: the step commits everything at once.
/// </summary>
public sealed class RunGateway(
    VettingDbContext db,
    RunLifecycle lifecycle,
    RunStages stages,
    SpecCheck specs,
    RunHold hold,
    AgentPresence presence,
    RunNotices notices,
    StepNotifications notifications) : IRunGateway
{
    private readonly Dictionary<int, Run> _runs = [];

    public async Task<RunSnapshot> GetAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        return new RunSnapshot(run.Id, run.Host.Name, run.Host.Mac, run.Host.WolBroadcast, run.Profile, run.State,
            run.ExpectedSpec, run.AllowDestructive, presence.IsAlive(run),
            run.FailureReason is null ? null : new RunFailure(run.FailureStage, run.FailureReason, run.FailureMessage ?? ""));
    }

    public async Task SetStateAsync(int runId, string state, CancellationToken cancellationToken) =>
        await lifecycle.MoveAsync(await RunAsync(runId, cancellationToken), state, cancellationToken);

    public async Task FailAsync(int runId, RunFailure failure, CancellationToken cancellationToken) =>
        await lifecycle.FailAsync(await RunAsync(runId, cancellationToken), failure, cancellationToken);

    public async Task<JsonObject> StageParametersAsync(int runId, string stage, JsonObject profileParameters, JsonObject activityParameters,
        CancellationToken cancellationToken) =>
        stages.ParametersFor(await RunAsync(runId, cancellationToken), stage, profileParameters, activityParameters);

    public async Task<string> BeginStageAsync(int runId, string stage, JsonObject parameters, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        await stages.BeginAsync(await RunAsync(runId, cancellationToken), stage, parameters, deadline, cancellationToken);

    public async Task FinishStageAsync(int runId, string instructionId, StageResult? result, CancellationToken cancellationToken) =>
        await stages.FinishAsync(await RunAsync(runId, cancellationToken), instructionId, result, cancellationToken);

    public async Task<bool> CompareSpecAsync(int runId, CancellationToken cancellationToken) =>
        await specs.CompareAsync(await RunAsync(runId, cancellationToken), cancellationToken);

    public async Task WriteReportAsync(int runId, CancellationToken cancellationToken) =>
        await lifecycle.WriteReportAsync(await RunAsync(runId, cancellationToken), cancellationToken);

    public async Task BeginHoldAsync(int runId, CancellationToken cancellationToken) =>
        await hold.BeginAsync(await RunAsync(runId, cancellationToken), cancellationToken);

    public async Task EndRunAsync(int runId, string verdict, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        var passed = verdict == "passed";
        var failure = passed || run.FailureReason is not null ? null : new RunFailure(null, "failed", "the workflow ended the run as failed");
        await lifecycle.EndAsync(run, passed ? RunStates.Passed : RunStates.Failed, failure, cancellationToken);
    }

    public async Task<Notification> DescribeAsync(int runId, string @event, string? message, CancellationToken cancellationToken) =>
        notices.Describe(await RunAsync(runId, cancellationToken), @event, message);

    public async Task NotifyAsync(int runId, string @event, string? message, string occurrence, CancellationToken cancellationToken) =>
        await notifications.QueueAsync(await RunAsync(runId, cancellationToken), @event, message, occurrence, cancellationToken);

    private async Task<Run> RunAsync(int runId, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(runId, out var run))
        {
            run = await db.LoadAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"run {runId} does not exist");
            _runs[runId] = run;
        }

        return run;
    }
}
