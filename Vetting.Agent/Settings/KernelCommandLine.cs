namespace Vetting.Agent.Settings;

/// <summary>The <c>vetting.*</c> keys of /proc/cmdline, as written by the server's iPXE script.</summary>
public static class KernelCommandLine
{
    public const string OrchestratorKey = "vetting.orchestrator";
    public const string RunKey = "vetting.run";
    public const string TokenKey = "vetting.token";

    /// <summary>Every <c>key=value</c> word; a key given twice keeps the last value, as the kernel does.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? commandLine)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in Words(commandLine ?? ""))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[word[..equals]] = word[(equals + 1)..];
            }
        }

        return values;
    }

    // The kernel allows double quotes around a value with spaces: foo="a b".
    private static IEnumerable<string> Words(string text)
    {
        var word = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
