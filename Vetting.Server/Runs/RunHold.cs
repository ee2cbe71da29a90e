using System.Text;
using Vetting.Server.Agents;

namespace Vetting.Server.Runs;

/// <summary>Holding a failed node for SSH: the run's key pair, the public key as an artifact, the hold instruction.</summary>
public sealed class RunHold(HoldKeys holdKeys, ArtifactStore artifacts, AgentMailbox mailbox, RunLog log)
{
    public async Task BeginAsync(Run run, CancellationToken cancellationToken)
    {
        var publicKey = await holdKeys.EnsureAsync(run.Id, cancellationToken);
        run.HoldPublicKey = publicKey;
        await artifacts.WriteAsync(run, $"hold-{run.Id}.pub", Encoding.UTF8.GetBytes(publicKey + "\n"), cancellationToken);
        mailbox.EnqueueHold(run.Id, publicKey);
        await log.AppendAsync(run.Id, "orchestrator",
            $"holding the node for SSH: {holdKeys.SshCommand(run.Id, run.AgentIp) ?? "waiting for the agent's address"}", cancellationToken);
    }
}
