namespace Vetting.Agent.Tools;

/// <summary>
/// Runs the external tools a stage needs. The seam lets every stage run offline against recorded output.
/// </summary>
public interface IToolRunner
{
    /// <summary>
    /// Runs <paramref name="file"/> to completion or until <paramref name="timeout"/>, when it is killed and the
    /// output so far is returned with <see cref="ToolResult.TimedOut"/> set. Never throws for a missing tool or a
    /// non-zero exit: callers judge the output.
    /// </summary>
    Task<ToolResult> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);
}
