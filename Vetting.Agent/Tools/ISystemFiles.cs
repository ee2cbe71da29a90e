namespace Vetting.Agent.Tools;

/// <summary>
/// Read access to /proc and /sys. Behind a seam so inventory and counters can be tested with files recorded on
/// other machines (a test box has no EDAC, no hwmon, no DMI).
/// </summary>
public interface ISystemFiles
{
    /// <summary>The file's text, or null when it does not exist or cannot be read (sysfs answers EINVAL for a down link's speed).</summary>
    string? ReadText(string path);

    /// <summary>Full paths of the entries of <paramref name="directory"/> matching <paramref name="pattern"/>; empty when it does not exist.</summary>
    IReadOnlyList<string> List(string directory, string pattern = "*");

    /// <summary>The final target of a symbolic link (sysfs driver links), or null.</summary>
    string? ResolveLink(string path);

    bool Exists(string path);
}
