using Vetting.Agent.Tools;

namespace Vetting.Agent.Tests.Support;

/// <summary>
/// Answers tool calls from recorded output. A response is registered for a command-line prefix
/// ("smartctl -j -H -i -A /dev/sdb"); the longest matching prefix wins; anything unregistered is "not installed".
/// </summary>
public sealed class FakeToolRunner : IToolRunner
{
    private readonly List<(string Prefix, Func<IReadOnlyList<string>, ToolResult> Answer)> _answers = [];
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Awaited before answering, to simulate a long-running tool.</summary>
    public Func<string, CancellationToken, Task>? Delay { get; set; }

    public FakeToolRunner On(string prefix, string stdout, int exitCode = 0, string stderr = "", bool timedOut = false) =>
        On(prefix, _ => new ToolResult(exitCode, stdout, stderr) { TimedOut = timedOut });

    public FakeToolRunner On(string prefix, Func<IReadOnlyList<string>, ToolResult> answer)
    {
        _answers.Add((prefix, answer));
        return this;
    }

    public async Task<ToolResult> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var line = string.Join(' ', new[] { file }.Concat(arguments));
        lock (_calls)
        {
            _calls.Add(line);
        }

        if (Delay is not null)
        {
            await Delay(line, cancellationToken);
        }

        // Longest prefix first; among equal prefixes the latest registration overrides earlier ones.
        var match = _answers.Select((a, index) => (a.Prefix, a.Answer, index))
            .Where(a => line == a.Prefix || line.StartsWith(a.Prefix + " ", StringComparison.Ordinal))
            .OrderByDescending(a => a.Prefix.Length).ThenByDescending(a => a.index).FirstOrDefault();
        return match.Answer is null ? ToolResult.NotFound(file) : match.Answer(arguments);
    }
}
