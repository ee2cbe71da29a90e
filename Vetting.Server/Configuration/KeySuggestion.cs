namespace Vetting.Server.Configuration;

/// <summary>"did you mean" for unknown keys: a typo of a key in the same section, or a key put in the wrong section.</summary>
internal static class KeySuggestion
{
    /// <param name="section">The section the unknown key is in; empty at the top level.</param>
    /// <param name="name">The unknown key as written.</param>
    /// <param name="known">Every full key, e.g. <c>runs.max_concurrent</c>, plus the top-level ones.</param>
    public static string? For(string section, string name, IEnumerable<string> known)
    {
        var candidates = known.ToList();
        var full = section.Length == 0 ? name : section + "." + name;

        // "server.bind: x" at the top level: the key is right, only the nesting is not.
        if (section.Length == 0 && candidates.Contains(name, StringComparer.Ordinal))
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            return $"write it nested: {name[..dot]}: then {name[(dot + 1)..]}: indented below it";
        }

        var sibling = candidates
            .Where(key => SectionOf(key) == section)
            .Select(key => (Key: key, Distance: Distance(LeafOf(key), name)))
            .Where(candidate => candidate.Distance <= Math.Max(1, name.Length / 3))
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => candidate.Key)
            .FirstOrDefault();
        var elsewhere = candidates.FirstOrDefault(key => LeafOf(key) == name && key != full);
        var match = sibling ?? elsewhere;
        return match is null ? null : $"did you mean {match}?";
    }

    private static string SectionOf(string key) => key.Contains('.', StringComparison.Ordinal) ? key[..key.LastIndexOf('.')] : "";

    private static string LeafOf(string key) => key[(key.LastIndexOf('.') + 1)..];

    /// <summary>Edit distance where swapping two neighbouring letters counts once, as typos usually do.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
