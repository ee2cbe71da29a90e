using System.IO.Enumeration;
using Vetting.Agent.Tools;

namespace Vetting.Agent.Tests.Support;

/// <summary>An in-memory /proc and /sys: files by path, directories implied by the paths below them.</summary>
public sealed class FakeSystemFiles : ISystemFiles
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    public FakeSystemFiles File(string path, string text)
    {
        lock (_files)
        {
            _files[path] = text;
        }

        AddParents(path);
        return this;
    }

    public FakeSystemFiles Directory(string path)
    {
        _directories.Add(path);
        AddParents(path);
        return this;
    }

    public FakeSystemFiles Link(string path, string target)
    {
        _links[path] = target;
        _directories.Add(path);
        AddParents(path);
        return this;
    }

    public string? ReadText(string path)
    {
        lock (_files)
        {
            return _files.GetValueOrDefault(path);
        }
    }

    public IReadOnlyList<string> List(string directory, string pattern = "*")
    {
        lock (_files)
        {
            return [.. _files.Keys.Concat(_directories)
                .Where(p => Path.GetDirectoryName(p) == directory && FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(p)))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
    }

    public string? ResolveLink(string path) => _links.GetValueOrDefault(path);

    public bool Exists(string path)
    {
        lock (_files)
        {
            return _files.ContainsKey(path) || _directories.Contains(path);
        }
    }

    private void AddParents(string path)
    {
        for (var parent = Path.GetDirectoryName(path); !string.IsNullOrEmpty(parent) && parent != "/"; parent = Path.GetDirectoryName(parent))
        {
            _directories.Add(parent);
        }
    }
}
