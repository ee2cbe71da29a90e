namespace Vetting.Agent.Tools;

public sealed class LocalSystemFiles : ISystemFiles
{
    public string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public IReadOnlyList<string> List(string directory, string pattern = "*")
    {
        try
        {
            return Directory.Exists(directory)
                ? [.. Directory.EnumerateFileSystemEntries(directory, pattern).Order(StringComparer.Ordinal)]
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public string? ResolveLink(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
