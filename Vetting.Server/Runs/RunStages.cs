using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Activities.Ports;
using Vetting.Protocol;
using Vetting.Server.Agents;

namespace Vetting.Server.Runs;

/// <summary>A stage's attempts: queued for the agent with an instruction, then closed with its result or its timeout.</summary>
public sealed class RunStages(AgentMailbox mailbox, StageParameters parameters, RunLifecycle lifecycle, RunLog log, TimeProvider clock)
{
    /// <summary>What the stage's instruction will carry (see <see cref="StageParameters"/>).</summary>
    public JsonObject ParametersFor(Run run, string stage, JsonObject profileParameters, JsonObject activityParameters) =>
        parameters.For(run, stage, profileParameters, activityParameters);

    /// <summary>Creates the stage's next attempt and its instruction; returns the instruction id.</summary>
    public async Task<string> BeginAsync(Run run, string stage, JsonObject stageParameters, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var instruction = mailbox.EnqueueStage(run.Id, stage, stageParameters, deadline);
        run.Stages.Add(new StageAttempt
        {
            Name = stage,
            Attempt = run.Stages.Count(s => s.Name == stage) + 1,
            Status = StageAttempt.Running,
            StartedAt = instruction.CreatedAt,
            InstructionId = instruction.Id,
        });
        await log.AppendAsync(run.Id, "orchestrator", $"stage {stage} queued for the agent (instruction {instruction.Id}, deadline {deadline:O})", cancellationToken);
        return instruction.Id;
    }

    /// <summary>Records the attempt's verdict: the agent's result, or null when the deadline passed first.</summary>
    public async Task FinishAsync(Run run, string instructionId, StageResult? result, CancellationToken cancellationToken)
    {
        var attempt = run.Stages.Single(s => s.InstructionId == instructionId);
        attempt.EndedAt = clock.GetUtcNow();
        if (result is null)
        {
            attempt.Status = StageAttempt.TimedOut;
            (attempt.FailureReason, attempt.FailureMessage) = (FailureReasons.Timeout,
                $"the agent did not report the {attempt.Name} stage before its deadline; check the run log for its last words");
            await mailbox.WithdrawAsync(instructionId, cancellationToken);
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

        await log.AppendAsync(run.Id, "orchestrator", $"stage {attempt.Name} #{attempt.Attempt}: {attempt.Status}{(attempt.Summary is null ? "" : " — " + attempt.Summary)}", cancellationToken);
        if (attempt.Status != StageStatuses.Passed)
        {
            await lifecycle.FailAsync(run, new RunFailure(attempt.Name, attempt.FailureReason ?? (attempt.Status == StageStatuses.Error ? "agent-error" : "failed"),
                attempt.FailureMessage ?? attempt.Summary ?? $"the {attempt.Name} stage {attempt.Status}"), cancellationToken);
        }
    }
}
