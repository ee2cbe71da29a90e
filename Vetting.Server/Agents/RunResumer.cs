using System.Text.Json;
using Vetting.Activities.Steps;
using Vetting.Protocol;
using Vetting.Server.Data;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Agents;

/// <summary>
/// The way back into a run's workflow: each thing the node or the operator does that an activity waits for resumes
/// its bookmark with a typed stimulus. The caller's pending changes (a hello's agent fields, a new token) commit in
/// the resumed step's transaction; when no step resumed they are saved on their own, so nothing the node said is lost.
/// </summary>
public sealed class RunResumer(VettingDbContext db, WorkflowRuntime runtime)
{
    /// <summary>The node fetched its iPXE script (AwaitBoot).</summary>
    public Task<bool> BootFetchedAsync(int runId, CancellationToken cancellationToken) =>
        ResumeElseSaveAsync(VettingBookmarks.Boot, new RunStimulus(runId), null, cancellationToken);

    /// <summary>The agent said hello (AwaitHello).</summary>
    public Task<bool> HelloAsync(int runId, CancellationToken cancellationToken) =>
        ResumeElseSaveAsync(VettingBookmarks.Hello, new RunStimulus(runId), null, cancellationToken);

    /// <summary>The agent reported a stage (RunStage); the result travels in the agent's own wire format.</summary>
    public Task<bool> StageReportedAsync(string instructionId, StageResult result, CancellationToken cancellationToken) =>
        ResumeElseSaveAsync(VettingBookmarks.Stage, new InstructionStimulus(instructionId),
            JsonSerializer.SerializeToElement(result, ProtocolJsonContext.Default.StageResult), cancellationToken);

    /// <summary>
    /// The operator decided what happens to a held node (HoldForSsh). Nothing is saved when no hold waits: the
    /// decision is refused, and the changes that came with it must not apply.
    /// </summary>
    public async Task<bool> HoldDecidedAsync(int runId, HoldDecision decision, CancellationToken cancellationToken) =>
        Resumed(await runtime.ResumeAsync(VettingBookmarks.Hold, new RunStimulus(runId), decision, cancellationToken));

    private async Task<bool> ResumeElseSaveAsync(string bookmark, object stimulus, object? input, CancellationToken cancellationToken)
    {
        if (Resumed(await runtime.ResumeAsync(bookmark, stimulus, input, cancellationToken)))
        {
            return true;
        }

        await db.SaveChangesAsync(cancellationToken);
        return false;
    }

    private static bool Resumed(IReadOnlyList<ResumeResult> results) => results.Any(r => r.Status == ResumeStatus.Resumed);
}
