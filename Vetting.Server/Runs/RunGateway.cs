using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Activities;
using Vetting.Activities.Ports;
using Vetting.Activities.Specs;
using Vetting.Protocol;
using Vetting.Server.Agents;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Notifications;
using Vetting.Server.Reports;

namespace Vetting.Server.Runs;

/// <summary>
/// The vetting domain behind the activities. It changes the scope's tracked entities and never saves: the
/// workflow step that called it commits everything at once.
/// </summary>
public sealed class RunGateway(
    VettingDbContext db,
    TimeProvider clock,
    RunLog log,
    HoldKeys holdKeys,
    RunReports reports,
    ArtifactStore artifacts,
    ServerOptions server,
    AgentOptions agentOptions,
    NetworkTestOptions networkTest,
    DomainEvents domainEvents,
    NotificationDispatcher notifications) : IRunGateway
{
    private readonly Dictionary<int, Run> _runs = [];
    private readonly List<Notification> _queued = [];

    public async Task<RunSnapshot> GetAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        return new RunSnapshot(run.Id, run.Host.Name, run.Host.Mac, run.Host.WolBroadcast, run.Profile, run.State,
            run.ExpectedSpec, run.AllowDestructive, AgentAlive(run),
            run.FailureReason is null ? null : new RunFailure(run.FailureStage, run.FailureReason, run.FailureMessage ?? ""));
    }

    public async Task SetStateAsync(int runId, string state, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        if (run.State == state)
        {
            return;
        }

        await log.AppendAsync(runId, "orchestrator", $"state {run.State} → {state}", cancellationToken);
        run.State = state;
        run.Transitions.Add(state);
        run.StartedAt ??= clock.GetUtcNow();
    }

    public async Task FailAsync(int runId, RunFailure failure, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        (run.FailureStage, run.FailureReason, run.FailureMessage) = (failure.Stage, failure.Reason, failure.Message);
        await log.AppendAsync(runId, "orchestrator", $"failed{(failure.Stage is null ? "" : " at " + failure.Stage)}: {failure.Reason}: {failure.Message}", cancellationToken);
    }

    public async Task<JsonObject> StageParametersAsync(int runId, string stage, JsonObject profileParameters, JsonObject activityParameters, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        var merged = new JsonObject { [InstructionParameters.Profile] = run.Profile };
        foreach (var source in new[] { profileParameters, activityParameters })
        {
            foreach (var (key, value) in source)
            {
                merged[key] = value?.DeepClone();
            }
        }

        var spec = string.IsNullOrWhiteSpace(run.ExpectedSpec) ? ExpectedSpec.Empty : ExpectedSpecParser.Parse(run.ExpectedSpec, ignoreUnknownThresholds: true);
        merged[InstructionParameters.Thresholds] = new JsonObject(spec.ThresholdsFor(stage).Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));
        if (spec.DeviceThresholds.Any(d => d.Stage == stage) && run.InventoryJson is not null
            && JsonSerializer.Deserialize(run.InventoryJson, ProtocolJsonContext.Default.Inventory) is { } inventory)
        {
            merged[InstructionParameters.NicThresholds] = new JsonArray([.. spec.DeviceThresholds.Where(d => d.Stage == stage)
                .SelectMany(d => d.DeviceKeys(inventory).Select(mac => (JsonNode)new JsonObject
                {
                    ["mac"] = mac,
                    ["source"] = d.Path,
                    ["thresholds"] = new JsonObject(d.Values.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))),
                }))]);
        }
        if (stage == StageNames.Storage)
        {
            merged[InstructionParameters.AllowDestructive] = run.AllowDestructive;
        }

        if (stage == StageNames.Network)
        {
            merged["iperf3Port"] = networkTest.Iperf3Port;
            merged["iperf3Server"] = new Uri(server.EffectivePublicUrl).Host;
        }

        return merged;
    }

    public async Task<string> BeginStageAsync(int runId, string stage, JsonObject parameters, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        var now = clock.GetUtcNow();
        var instruction = new AgentInstruction
        {
            Id = Guid.NewGuid().ToString("N"),
            RunId = runId,
            Kind = InstructionKinds.Stage,
            Stage = stage,
            ParametersJson = parameters.ToJsonString(),
            Deadline = deadline,
            CreatedAt = now,
        };
        db.Instructions.Add(instruction);
        run.Stages.Add(new StageAttempt
        {
            Name = stage,
            Attempt = run.Stages.Count(s => s.Name == stage) + 1,
            Status = "running",
            StartedAt = now,
            InstructionId = instruction.Id,
        });
        await log.AppendAsync(runId, "orchestrator", $"stage {stage} queued for the agent (instruction {instruction.Id}, deadline {deadline:O})", cancellationToken);
        return instruction.Id;
    }

    public async Task FinishStageAsync(int runId, string instructionId, StageResult? result, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        var attempt = run.Stages.Single(s => s.InstructionId == instructionId);
        attempt.EndedAt = clock.GetUtcNow();
        if (result is null)
        {
            attempt.Status = "timedout";
            (attempt.FailureReason, attempt.FailureMessage) = (FailureReasons.Timeout,
                $"the agent did not report the {attempt.Name} stage before its deadline; check the run log for its last words");
            if (await db.Instructions.FindAsync([instructionId], cancellationToken) is { } instruction)
            {
                instruction.Withdrawn = true;
            }
        }
        else
        {
            attempt.Status = result.Status;
            attempt.Summary = result.Summary;
            (attempt.FailureReason, attempt.FailureMessage) = (result.Failure?.Reason, result.Failure?.Message);
            foreach (var m in result.Measurements)
            {
                run.Measurements.Add(new RunMeasurement { Stage = attempt.Name, Attempt = attempt.Attempt, Name = m.Name, Device = m.Device, Value = m.Value, Unit = m.Unit });
            }

            if (result.Inventory is not null)
            {
                run.InventoryJson = JsonSerializer.Serialize(result.Inventory, ProtocolJsonContext.Default.Inventory);
            }
        }

        await log.AppendAsync(runId, "orchestrator", $"stage {attempt.Name} #{attempt.Attempt}: {attempt.Status}{(attempt.Summary is null ? "" : " — " + attempt.Summary)}", cancellationToken);
        if (attempt.Status != StageStatuses.Passed)
        {
            await FailAsync(runId, new RunFailure(attempt.Name, attempt.FailureReason ?? (attempt.Status == StageStatuses.Error ? "agent-error" : "failed"),
                attempt.FailureMessage ?? attempt.Summary ?? $"the {attempt.Name} stage {attempt.Status}"), cancellationToken);
        }
    }

    public async Task<bool> CompareSpecAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        var inventory = run.InventoryJson is null ? null : JsonSerializer.Deserialize(run.InventoryJson, ProtocolJsonContext.Default.Inventory);
        run.SpecDiffs.Clear();
        if (inventory is null)
        {
            await FailAsync(runId, new RunFailure(StageNames.Inventory, "no-inventory", "the inventory stage reported no inventory to compare"), cancellationToken);
            return false;
        }

        // Lenient: a host saved before unknown threshold names were refused still runs; its report says what was skipped.
        var spec = string.IsNullOrWhiteSpace(run.ExpectedSpec) ? ExpectedSpec.Empty : ExpectedSpecParser.Parse(run.ExpectedSpec, ignoreUnknownThresholds: true);
        var diffs = SpecComparer.Compare(spec, inventory).Concat(spec.Ignored).ToList();
        run.SpecDiffs.AddRange(diffs.Select(d => new RunSpecDiff { Path = d.Path, Expected = d.Expected, Actual = d.Actual, Severity = d.Severity }));
        var failing = diffs.Where(d => d.Severity == SpecSeverity.Fail).ToList();
        await log.AppendAsync(runId, "orchestrator", $"spec comparison: {diffs.Count} diff(s), {failing.Count} failing", cancellationToken);
        if (failing.Count > 0)
        {
            await FailAsync(runId, new RunFailure(StageNames.Inventory, "spec-mismatch",
                string.Join("; ", failing.Select(d => $"{d.Path}: expected {d.Expected}, got {d.Actual}"))), cancellationToken);
        }

        return failing.Count == 0;
    }

    public async Task WriteReportAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        await reports.WriteAsync(run, cancellationToken);
        run.ReportWrittenAt = clock.GetUtcNow();
    }

    public async Task BeginHoldAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        var publicKey = await holdKeys.EnsureAsync(runId, cancellationToken);
        run.HoldPublicKey = publicKey;
        await artifacts.WriteAsync(run, $"hold-{runId}.pub", System.Text.Encoding.UTF8.GetBytes(publicKey + "\n"), cancellationToken);
        Enqueue(run, InstructionKinds.Hold, publicKey);
        await log.AppendAsync(runId, "orchestrator", $"holding the node for SSH: {SshCommand(run) ?? "waiting for the agent's address"}", cancellationToken);
    }

    public async Task EndRunAsync(int runId, string verdict, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
        var passed = verdict == "passed";
        if (!passed && run.FailureReason is null)
        {
            await FailAsync(runId, new RunFailure(null, "failed", "the workflow ended the run as failed"), cancellationToken);
        }

        if (AgentAlive(run))
        {
            Enqueue(run, InstructionKinds.PowerOff, null);
        }

        await SetStateAsync(runId, passed ? RunStates.Passed : RunStates.Failed, cancellationToken);
        run.EndedAt = clock.GetUtcNow();
        await reports.WriteAsync(run, cancellationToken);
        run.ReportWrittenAt = run.EndedAt;
    }

    public async Task<Notification> DescribeAsync(int runId, string @event, string? message, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken);
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

        if (@event == NotificationEvents.Held && SshCommand(run) is { } ssh)
        {
            lines.Add($"SSH: {ssh}");
        }

        if (!string.IsNullOrWhiteSpace(message))
        {
            lines.Add(message);
        }

        return new Notification(@event, run.Id, run.Host.Name, title, string.Join('\n', lines), $"{server.EffectivePublicUrl}/api/v1/runs/{run.Id}/report.html");
    }

    public async Task NotifyAsync(int runId, string @event, string? message, CancellationToken cancellationToken)
    {
        // The designer checks a literal (case-insensitively); a variable or script can still produce anything.
        if (NotificationEvents.All.FirstOrDefault(e => string.Equals(e, @event, StringComparison.OrdinalIgnoreCase)) is not { } known)
        {
            await log.AppendAsync(runId, "orchestrator",
                $"notify: event '{@event}' is not one of {string.Join(", ", NotificationEvents.All)}; nothing was sent (check the workflow's Notify activity)",
                cancellationToken);
            return;
        }

        var notification = await DescribeAsync(runId, known, message, cancellationToken);
        _queued.Add(notification);
        domainEvents.AfterCommit(db, () =>
        {
            if (_queued.Remove(notification))
            {
                notifications.Dispatch(notification);
            }
        });
    }

    /// <summary>
    /// Drops the run's notifications queued in this step and not yet committed: a step whose workflow faulted
    /// after its Notify (say, HoldForSsh could not make a key) announces the fault, not the hold it did not reach.
    /// </summary>
    public void WithdrawNotifications(int runId) => _queued.RemoveAll(n => n.RunId == runId);

    /// <summary>The exact ssh command shown on the tile; null until the agent reported its address.</summary>
    public string? SshCommand(Run run) =>
        holdKeys.SshCommand(run.Id, run.AgentIp);

    private bool AgentAlive(Run run) =>
        run.AgentSeenAt is { } seen && !RunStates.IsTerminal(run.State) && clock.GetUtcNow() - seen < agentOptions.LostAfter;

    private void Enqueue(Run run, string kind, string? sshPublicKey) => db.Instructions.Add(new AgentInstruction
    {
        Id = Guid.NewGuid().ToString("N"),
        RunId = run.Id,
        Kind = kind,
        SshPublicKey = sshPublicKey,
        CreatedAt = clock.GetUtcNow(),
        Deadline = clock.GetUtcNow().AddDays(1),
    });

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
