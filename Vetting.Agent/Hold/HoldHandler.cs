using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Hold;

/// <summary>
/// Keeps a failed node reachable for the operator: installs the run's public key for root and starts sshd. The
/// agent then goes on heartbeating and polling, so the operator can still override (a storage stage arrives)
/// or release (poweroff).
/// </summary>
public sealed class HoldHandler(IToolRunner tools, HoldOptions options, Func<string?> localAddress)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task<StageResult> HoldAsync(Instruction instruction, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(instruction.SshPublicKey))
        {
            return Error(FailureReasons.ToolFailed, "the hold instruction carries no sshPublicKey");
        }

        AuthorizedKeys.Install(options.AuthorizedKeysPath, instruction.SshPublicKey);
        foreach (var directory in options.RuntimeDirectories)
        {
            Directory.CreateDirectory(directory);
        }

        foreach (var command in options.StartSshd)
        {
            var result = await tools.RunAsync(command[0], [.. command.Skip(1)], Timeout, cancellationToken);
            if (result.Missing)
            {
                return Error(FailureReasons.ToolMissing, $"key installed, but {command[0]} is not in the live image");
            }

            // A second hold (after an override) finds sshd already listening; that one serves the key too.
            if (result.ExitCode != 0 && !result.Stderr.Contains("Address already in use", StringComparison.Ordinal))
            {
                return Error(FailureReasons.ToolFailed, $"key installed, but {string.Join(' ', command)} failed: {result.LastErrorLine()}");
            }
        }

        var address = localAddress();
        return new StageResult
        {
            Status = StageStatuses.Passed,
            Summary = address is null
                ? $"holding for SSH: key installed in {options.AuthorizedKeysPath}, sshd started (own address unknown)"
                : $"holding for SSH: ssh root@{address} (key installed in {options.AuthorizedKeysPath}, sshd started)",
        };
    }

    private static StageResult Error(string reason, string message) => StageOutcome.Error(reason, message).Result;
}
