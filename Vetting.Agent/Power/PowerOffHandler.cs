using Vetting.Agent.Tools;

namespace Vetting.Agent.Power;

/// <summary>Powers the node off at the end of a run.</summary>
public sealed class PowerOffHandler(IToolRunner tools, PowerOptions options, Action<string> log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>True when a power-off command was accepted; the process usually dies before it returns.</summary>
    public async Task<bool> PowerOffAsync(CancellationToken cancellationToken)
    {
        if (options.Disabled)
        {
            log("poweroff requested; --no-poweroff is set, so the agent just exits");
            return false;
        }

        foreach (var command in options.Commands)
        {
            log($"powering off: {string.Join(' ', command)}");
            var result = await tools.RunAsync(command[0], [.. command.Skip(1)], Timeout, cancellationToken);
            if (!result.Missing && result.ExitCode == 0)
            {
                return true;
            }

            log($"{command[0]} failed: {result.LastErrorLine()}");
        }

        return false;
    }
}
