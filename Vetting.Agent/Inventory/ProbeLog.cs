using System.Text;
using Vetting.Agent.Tools;

namespace Vetting.Agent.Inventory;

/// <summary>
/// Wraps the tool runner for the inventory so every command, its exit code and its complaints end up in
/// <c>inventory-probes.log</c>: the evidence behind each null in inventory.json.
/// </summary>
public sealed class ProbeLog(IToolRunner tools) : IToolRunner
{
    private readonly StringBuilder _log = new();
    private readonly List<string> _unknowns = [];

    /// <summary>"what: why" for every value reported as null because a probe failed.</summary>
    public IReadOnlyList<string> Unknowns => _unknowns;

    public async Task<ToolResult> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await tools.RunAsync(file, arguments, timeout, cancellationToken);
        _log.Append("$ ").Append(file).Append(' ').AppendJoin(' ', arguments)
            .Append(result.Missing ? "  → not installed" : $"  → exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : "")}").Append('\n');
        if (!string.IsNullOrWhiteSpace(result.Stderr))
        {
            foreach (var line in result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(20))
            {
                _log.Append("  ").Append(line).Append('\n');
            }
        }

        return result;
    }

    public void Unknown(string what, string why)
    {
        _unknowns.Add($"{what}: {why}");
        _log.Append("unknown ").Append(what).Append(": ").Append(why).Append('\n');
    }

    public override string ToString() => _log.ToString();
}
