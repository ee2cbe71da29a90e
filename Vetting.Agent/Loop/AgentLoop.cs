using Vetting.Agent.Hold;
using Vetting.Agent.Power;
using Vetting.Agent.Stages;
using Vetting.Agent.Transport;
using Vetting.Protocol;

namespace Vetting.Agent.Loop;

/// <summary>
/// The agent's life: hello, then long-poll for instructions and carry them out one at a time — stage results
/// after their artifacts, holds, power-off — until the server says the run is over (410) or sends exit.
/// Network trouble and 5xx are waited out with <see cref="Backoff"/>; a failing stage is just a result.
/// </summary>
public sealed class AgentLoop(
    IAgentTransport transport,
    HostIdentity identity,
    StageRunner stages,
    HoldHandler hold,
    PowerOffHandler power,
    AgentLoopOptions options,
    TimeProvider time,
    Func<TimeSpan, CancellationToken, Task> sleep,
    Action<string> log)
{
    /// <summary>Exit code for a run the server refuses to talk about (bad token, unknown run): restarting will not help.</summary>
    public const int RejectedExitCode = 2;

    private readonly Backoff _backoff = new(sleep, log);
    private TimeSpan _heartbeat = options.DefaultHeartbeat;

    // Server clock minus ours: the live image's RTC may be off by hours, deadlines are in server time.
    private TimeSpan _skew;
    private string? _holdingInstruction;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var hello = await _backoff.RunAsync("hello", ct => transport.HelloAsync(identity.Hello(), ct), cancellationToken);
            _heartbeat = TimeSpan.FromSeconds(Math.Max(1, hello.HeartbeatSeconds));
            _skew = hello.ServerTime - time.GetUtcNow();
            log($"hello accepted for run {hello.RunId}: heartbeat every {_heartbeat.TotalSeconds:0} s, clock skew {_skew.TotalSeconds:0} s");

            while (!cancellationToken.IsCancellationRequested)
            {
                var instruction = await _backoff.RunAsync("next", ct => transport.NextAsync(options.WaitSeconds, ct), cancellationToken);
                if (instruction is null)
                {
                    await WhileIdleAsync(cancellationToken);
                    continue;
                }

                log($"instruction {instruction.InstructionId}: {instruction.Kind} {instruction.Stage}");
                int? exitCode;
                try
                {
                    exitCode = await ExecuteAsync(instruction, cancellationToken);
                }
                catch (RunEndedException e)
                {
                    // The run ended while this instruction was carried out (say, the operator released a hold before its
                    // answer arrived): the server may still have left a power-off to collect.
                    log($"the run ended under instruction {instruction.InstructionId} ({e.Message}); collecting what it left");
                    return await CollectFinalAsync(cancellationToken);
                }

                if (exitCode is { } code)
                {
                    return code;
                }
            }

            return 0;
        }
        catch (RunEndedException e)
        {
            log($"the run has ended ({e.Message}); stopping");
            return 0;
        }
        catch (AgentTransportException e)
        {
            log($"the server refused the agent: {e.Message}");
            return RejectedExitCode;
        }
    }

    /// <summary>
    /// After a 410 outside <c>next</c>: one more <c>next</c>, which an ended run answers with its pending power-off
    /// (and 410 otherwise), so a node whose run ended under it is still switched off.
    /// </summary>
    private async Task<int> CollectFinalAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await transport.NextAsync(0, cancellationToken) is { Kind: InstructionKinds.PowerOff } powerOff)
            {
                log($"instruction {powerOff.InstructionId}: {powerOff.Kind}");
                await power.PowerOffAsync(cancellationToken);
            }
        }
        catch (AgentTransportException e)
        {
            log($"nothing left to collect ({e.Message}); stopping");
        }

        return 0;
    }

    /// <summary>Carries out one instruction; returns an exit code when the agent should stop.</summary>
    private async Task<int?> ExecuteAsync(Instruction instruction, CancellationToken cancellationToken)
    {
        switch (instruction.Kind)
        {
            case InstructionKinds.Stage:
                _holdingInstruction = null;
                return await StageAsync(instruction, cancellationToken);
            case InstructionKinds.Hold:
                var held = await hold.HoldAsync(instruction, cancellationToken);
                await ReportAsync(instruction, new StageOutcome(held, []), cancellationToken);
                _holdingInstruction = instruction.InstructionId;
                return null;
            case InstructionKinds.PowerOff:
                // No result: the server ends the run's access once poweroff is collected (410 from here on).
                await power.PowerOffAsync(cancellationToken);
                return 0;
            case InstructionKinds.Exit:
                return 0;
            default:
                await ReportAsync(instruction, StageOutcome.Error(AgentFailureReasons.Unsupported,
                    $"this agent ({AgentVersion.Current}) does not know instructions of kind '{instruction.Kind}'"), cancellationToken);
                return null;
        }
    }

    private async Task<int?> StageAsync(Instruction instruction, CancellationToken cancellationToken)
    {
        var progress = new ProgressTracker(time);
        var runLog = new List<string>();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = new HeartbeatPump(transport, sleep, log);
        var untilDeadline = instruction.Deadline - _skew - time.GetUtcNow();
        void RunLog(string line)
        {
            log(line);
            lock (runLog)
            {
                runLog.Add(line);
            }
        }

        StageOutcome outcome;
        try
        {
            outcome = await pump.AroundAsync(instruction.InstructionId, progress, _heartbeat, abort, () =>
                stages.RunAsync(instruction, progress, RunLog, untilDeadline > options.MinimumStageTime ? untilDeadline : options.MinimumStageTime, abort.Token));
        }
        catch (OperationCanceledException) when (pump.RunEnded)
        {
            // Cancelled, timed out or ended under us: drop the stage and ask for what comes next — a poweroff to
            // collect, a hold, or a 410 that really ends the agent.
            log("the server withdrew the stage; stopping it and asking for the next instruction");
            return null;
        }

        if (runLog.Count > 0)
        {
            await SendLogAsync(string.Join('\n', runLog), cancellationToken);
        }

        await ReportAsync(instruction, outcome, cancellationToken);
        return null;
    }

    /// <summary>Uploads every artifact, then posts the result naming the ones the server took.</summary>
    private async Task ReportAsync(Instruction instruction, StageOutcome outcome, CancellationToken cancellationToken)
    {
        var uploaded = new List<string>();
        foreach (var artifact in outcome.Artifacts)
        {
            if (!ArtifactName.IsValid(artifact.Name))
            {
                log($"artifact name '{artifact.Name}' breaks the contract's pattern; not uploaded");
                continue;
            }

            try
            {
                await _backoff.RunAsync($"upload {artifact.Name}", ct => transport.PutArtifactAsync(artifact.Name, artifact.Content, ct), cancellationToken);
                uploaded.Add(artifact.Name);
            }
            catch (AgentTransportException e) when (e is not RunEndedException)
            {
                // 413 and friends: the result still matters more than one file.
                log($"artifact {artifact.Name} was refused: {e.Message}");
            }
        }

        var result = outcome.Result with { Artifacts = uploaded };
        try
        {
            await _backoff.RunAsync("result", ct => transport.PostResultAsync(instruction.InstructionId, result, ct), cancellationToken);
            log($"result {result.Status}: {result.Summary}");
        }
        catch (AgentTransportException e) when (e is not RunEndedException)
        {
            // 409: a different result was accepted before (a retry after a lost answer with changed content), or the
            // instruction was withdrawn (timed out); either way the server has moved on.
            log($"result for {instruction.InstructionId} was refused: {e.Message}");
        }
    }

    /// <summary>While holding, the operator watches the tile: keep it alive between polls.</summary>
    private async Task WhileIdleAsync(CancellationToken cancellationToken)
    {
        if (_holdingInstruction is null)
        {
            return;
        }

        try
        {
            await transport.HeartbeatAsync(new HeartbeatRequest { InstructionId = _holdingInstruction }, cancellationToken);
        }
        catch (AgentTransportException e) when (e is not RunEndedException)
        {
            log($"heartbeat failed: {e.Message}");
        }
    }

    private async Task SendLogAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            await transport.LogAsync(text, cancellationToken);
        }
        catch (AgentTransportException e) when (e is not RunEndedException)
        {
            log($"run log upload failed: {e.Message}");
        }
    }
}
