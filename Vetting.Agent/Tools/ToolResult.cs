namespace Vetting.Agent.Tools;

/// <summary>What a tool did: its exit code and everything it printed.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Shell convention for "command not found"; only used together with <see cref="Missing"/>.</summary>
    public const int NotFoundExitCode = 127;

    /// <summary>The executable is not installed (or not executable), so nothing ran.</summary>
    public bool Missing { get; init; }

    /// <summary>Killed because it ran past its timeout; the output is what it printed until then.</summary>
    public bool TimedOut { get; init; }

    public static ToolResult NotFound(string file) =>
        new(NotFoundExitCode, "", $"{file}: not found") { Missing = true };

    /// <summary>The last non-empty line of stderr (or stdout), for one-line failure messages.</summary>
    public string LastErrorLine()
    {
        foreach (var text in new[] { Stderr, Stdout })
        {
            var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (!string.IsNullOrEmpty(line))
            {
                return line;
            }
        }

        return $"exit code {ExitCode}";
    }
}
