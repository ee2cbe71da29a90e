namespace Vetting.Agent.Hold;

/// <summary>Adds a public key to an authorized_keys file with the permissions sshd insists on.</summary>
public static class AuthorizedKeys
{
    /// <summary>Appends <paramref name="publicKey"/> unless the file already has it (a repeated hold instruction).</summary>
    public static void Install(string path, string publicKey)
    {
        var key = publicKey.Trim();
        if (key.Length == 0 || key.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("the hold key must be one non-empty authorized_keys line", nameof(publicKey));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            // StrictModes: sshd ignores keys in a group- or world-writable ~/.ssh.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var existing = File.Exists(path) ? File.ReadAllLines(path) : [];
        if (!existing.Any(line => line.Trim() == key))
        {
            var prefix = existing.Length > 0 && !File.ReadAllText(path).EndsWith('\n') ? "\n" : "";
            File.AppendAllText(path, prefix + key + "\n");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
