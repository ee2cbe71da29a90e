using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Vetting.Protocol;
using Vetting.Server.Data;

namespace Vetting.Server.Agents;

/// <summary>
/// A run's instruction queue for its agent. Changes join the scope's unit of work and are committed by the caller
/// (a workflow step, an operator action or an agent request); the commit wakes the agent's long poll.
/// </summary>
public sealed class AgentMailbox(VettingDbContext db, TimeProvider clock)
{
    /// <summary>How long a hold or power-off instruction waits for the agent to collect it.</summary>
    private static readonly TimeSpan ControlDeadline = TimeSpan.FromDays(1);

    public AgentInstruction EnqueueStage(int runId, string stage, JsonObject parameters, DateTimeOffset deadline) =>
        Add(runId, InstructionKinds.Stage, deadline, i => (i.Stage, i.ParametersJson) = (stage, parameters.ToJsonString()));

    public AgentInstruction EnqueueHold(int runId, string sshPublicKey) =>
        Add(runId, InstructionKinds.Hold, clock.GetUtcNow() + ControlDeadline, i => i.SshPublicKey = sshPublicKey);

    public AgentInstruction EnqueuePowerOff(int runId) =>
        Add(runId, InstructionKinds.PowerOff, clock.GetUtcNow() + ControlDeadline, _ => { });

    /// <summary>The oldest instruction the agent has not answered; a network stage waits while another run of the site holds iperf3.</summary>
    /// <remarks>
    /// A stage instruction handed out earlier and not answered is handed out again: the agent carries out one
    /// instruction at a time and asks for the next only when it holds none, so such an instruction never reached it
    /// (the answer was lost with a crash or a dropped connection). Its result is accepted once, by instruction id. A
    /// hold, power-off or exit is handed out once: an agent may poll on while it holds the node.
    /// </remarks>
    public async Task<(AgentInstruction? Instruction, bool WaitsForPort)> NextAsync(int runId, CancellationToken cancellationToken)
    {
        var pending = await db.Instructions
            .Where(i => i.RunId == runId && !i.Withdrawn && i.CompletedAt == null && (i.DeliveredAt == null || i.Kind == InstructionKinds.Stage))
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
        var waitsForPort = false;
        foreach (var instruction in pending)
        {
            if (instruction.Stage == StageNames.Network && await IperfBusyAsync(runId, cancellationToken))
            {
                waitsForPort = true;
                continue;
            }

            return (instruction, false);
        }

        return (null, waitsForPort);
    }

    /// <summary>A fresh agent process (hello) holds no instruction: whatever was handed out and not answered goes out again.</summary>
    public async Task RedeliverAsync(int runId, CancellationToken cancellationToken)
    {
        foreach (var handedOut in await Open(runId).Where(i => i.DeliveredAt != null).ToListAsync(cancellationToken))
        {
            handedOut.DeliveredAt = null;
        }
    }

    /// <summary>The run ends: nothing still open may reach the agent (a power-off queued afterwards still does).</summary>
    public async Task WithdrawAllAsync(int runId, CancellationToken cancellationToken)
    {
        foreach (var open in await Open(runId).ToListAsync(cancellationToken))
        {
            open.Withdrawn = true;
        }
    }

    /// <summary>A stage that timed out: a late result is refused and the agent's heartbeat for it answers 410.</summary>
    public async Task WithdrawAsync(string instructionId, CancellationToken cancellationToken)
    {
        if (await db.Instructions.FindAsync([instructionId], cancellationToken) is { } instruction)
        {
            instruction.Withdrawn = true;
        }
    }

    public Task<AgentInstruction?> FindAsync(int runId, string instructionId, CancellationToken cancellationToken) =>
        db.Instructions.FirstOrDefaultAsync(i => i.Id == instructionId && i.RunId == runId, cancellationToken);

    /// <summary>A power-off or exit still waits for an ended run's agent: the one thing it may still collect.</summary>
    public Task<bool> HasPendingFinalAsync(int runId, CancellationToken cancellationToken) =>
        db.Instructions.AnyAsync(i => i.RunId == runId && !i.Withdrawn && i.DeliveredAt == null
                                      && (i.Kind == InstructionKinds.PowerOff || i.Kind == InstructionKinds.Exit), cancellationToken);

    public static Instruction ToWire(AgentInstruction instruction) => new()
    {
        InstructionId = instruction.Id,
        Kind = instruction.Kind,
        Stage = instruction.Stage,
        Parameters = JsonNode.Parse(instruction.ParametersJson) as JsonObject ?? [],
        SshPublicKey = instruction.SshPublicKey,
        Deadline = instruction.Deadline,
    };

    private IQueryable<AgentInstruction> Open(int runId) =>
        db.Instructions.Where(i => i.RunId == runId && i.CompletedAt == null && !i.Withdrawn);

    private AgentInstruction Add(int runId, string kind, DateTimeOffset deadline, Action<AgentInstruction> fill)
    {
        var instruction = new AgentInstruction
        {
            Id = Guid.NewGuid().ToString("N"),
            RunId = runId,
            Kind = kind,
            Deadline = deadline,
            CreatedAt = clock.GetUtcNow(),
        };
        fill(instruction);
        db.Instructions.Add(instruction);
        return instruction;
    }

    /// <summary>
    /// One iperf3 client at a time per server, that is per site's orchestrator: another run of the site whose network
    /// stage was handed out holds it until its result. Two at once would share the orchestrator's link and each measure
    /// half of it.
    /// </summary>
    private async Task<bool> IperfBusyAsync(int runId, CancellationToken cancellationToken)
    {
        var site = await db.Runs.Where(r => r.Id == runId).Select(r => r.Site).FirstAsync(cancellationToken);
        return await db.Instructions.AnyAsync(i => i.RunId != runId && i.Stage == StageNames.Network && i.DeliveredAt != null
                                                   && i.CompletedAt == null && !i.Withdrawn
                                                   && db.Runs.Any(r => r.Id == i.RunId && r.Site == site), cancellationToken);
    }
}
