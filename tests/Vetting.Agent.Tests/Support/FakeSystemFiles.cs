using System.IO.Enumeration;
using Vetting.Agent.Tools;

namespace Vetting.Agent.Tests.Support;

/// <summary>An in-memory /proc and /sys: files by path, directories implied by the paths below them.</summary>
public sealed class FakeSystemFiles : ISystemFiles
{
    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> links = new(StringComparer.Ordinal);
    private readonly HashSet<string> directories = new(StringComparer.Ordinal);

    public FakeSystemFiles File(string path, string text)
    {
        lock (files)
        {
            files[path] = text;
        }

        AddParents(path);
        return this;
    }

    public FakeSystemFiles Directory(string path)
    {
        directories.Add(path);
        AddParents(path);
        return this;
    }

    public FakeSystemFiles Link(string path, string target)
    {
        links[path] = target;
        directories.Add(path);
        AddParents(path);
        return this;
    }

    public string? ReadText(string path)
    {
        lock (files)
        {
            return files.GetValueOrDefault(path);
        }
    }

    public IReadOnlyList<string> List(string directory, string pattern = "*")
    {
        lock (files)
        {
            return [.. files.Keys.Concat(directories)
                .Where(p => Path.GetDirectoryName(p) == directory && FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(p)))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
    }

    public string? ResolveLink(string path) => links.GetValueOrDefault(path);

    public bool Exists(string path)
    {
        lock (files)
        {
            return files.ContainsKey(path) || directories.Contains(path);
        }
    }

    private void AddParents(string path)
    {
        for (var parent = Path.GetDirectoryName(path); !string.IsNullOrEmpty(parent) && parent != "/"; parent = Path.GetDirectoryName(parent))
        {
            directories.Add(parent);
        }
    }
}
