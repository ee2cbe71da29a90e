using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Loop;

/// <summary>
/// Runs one stage instruction: gives the stage a work directory and its parameters, enforces the deadline, and
/// turns anything the stage throws into an <c>error</c> result so the agent never dies on a stage.
/// </summary>
public sealed class StageRunner(IReadOnlyList<IStage> stages, IToolRunner tools, ISystemFiles files, TimeProvider time, string? scratchDirectory)
{
    // CancelAfter takes at most int.MaxValue ms (~24 days); a burn-in profile's deadline is hours away, a
    // hand-written one may be years.
    private static readonly TimeSpan LongestDeadline = TimeSpan.FromDays(7);

    public async Task<StageOutcome> RunAsync(Instruction instruction, ProgressTracker progress, Action<string> log, TimeSpan untilDeadline, CancellationToken cancellationToken)
    {
        var stage = stages.FirstOrDefault(s => s.Name == instruction.Stage);
        if (stage is null)
        {
            return StageOutcome.Error(AgentFailureReasons.Unsupported, $"this agent ({AgentVersion.Current}) has no stage '{instruction.Stage}'");
        }

        var workDirectory = Path.Combine(Path.GetTempPath(), "vetting-agent", instruction.InstructionId);
        Directory.CreateDirectory(workDirectory);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(untilDeadline < LongestDeadline ? untilDeadline : LongestDeadline);
        try
        {
            var context = new StageContext
            {
                Parameters = new StageParameters(instruction.Parameters),
                Tools = tools,
                Files = files,
                Time = time,
                WorkDirectory = workDirectory,
                Progress = progress,
                ScratchDirectory = scratchDirectory,
                Log = log,
            };
            return await stage.RunAsync(context, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return StageOutcome.Error(FailureReasons.Timeout, $"{stage.Name} did not finish before its deadline {instruction.Deadline:u}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return StageOutcome.Error(FailureReasons.ToolFailed, $"{stage.Name} stage crashed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            try
            {
                Directory.Delete(workDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
