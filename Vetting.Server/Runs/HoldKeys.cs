using System.Diagnostics;
using Vetting.Server.Configuration;

namespace Vetting.Server.Runs;

/// <summary>
/// Per-run SSH key pairs for holds. The private key stays under <c>&lt;data_dir&gt;/holds/run-N/</c> with mode 0600
/// (ssh-keygen's default), owned by the service user; only the public key leaves the host.
/// </summary>
public sealed class HoldKeys(PathOptions paths)
{
    public string PrivateKeyPath(int runId) => Path.Combine(paths.HoldKeysDir, $"run-{runId}", "id_ed25519");

    /// <summary>
    /// The exact command an operator copies to reach a held node; null when <paramref name="ip"/> is not an IP address
    /// (a value stored before addresses were checked). The address is re-read and printed in its canonical form and
    /// the key path shell-quoted, so nothing stored can add an option or a command to the line.
    /// </summary>
    public string? SshCommand(int runId, string? ip) => Agents.AgentInput.NormalIp(ip) is { } address
        ? $"ssh -i {ShellWord(PrivateKeyPath(runId))} -o StrictHostKeyChecking=no -- root@{address}"
        : null;

    /// <summary>A POSIX shell word: as is when it holds only safe characters, else in single quotes.</summary>
    public static string ShellWord(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '@' or '+' or '=' or ',')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Creates the pair if it does not exist yet and returns the public key line.</summary>
    public async Task<string> EnsureAsync(int runId, CancellationToken cancellationToken)
    {
        var key = PrivateKeyPath(runId);
        if (!File.Exists(key))
        {
            var dir = Path.GetDirectoryName(key)!;
            Directory.CreateDirectory(dir);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            await RunSshKeygenAsync(key, $"vetting-run-{runId}", cancellationToken);
        }

        return (await File.ReadAllTextAsync(key + ".pub", cancellationToken)).Trim();
    }

    private static async Task RunSshKeygenAsync(string path, string comment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ssh-keygen")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ssh-keygen did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ssh-keygen is not installed (apt-get install openssh-client); it creates the hold key", e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ssh-keygen failed ({process.ExitCode}): {(await error).Trim()}");
            }
        }
    }
}
