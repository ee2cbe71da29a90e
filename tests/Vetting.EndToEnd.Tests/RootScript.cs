using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vetting.EndToEnd.Tests;

/// <summary>
/// Runs one of the repository's root test scripts (they bound their own waits and tear down what they start) and
/// collects its output; a cancelled test sends the script SIGTERM so its cleanup runs.
/// </summary>
internal static class RootScript
{
    public const string OptIn = "VETTING_E2E";

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vetting.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Vetting.sln above {AppContext.BaseDirectory}");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string relativePath, IReadOnlyDictionary<string, string> environment)
    {
        var repo = RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(repo, relativePath)])
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Not Kill(): SIGKILL would skip the script's cleanup of VMs, containers, servers and namespaces.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(CancellationToken.None);
            }

            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
            throw;
        }

        process.WaitForExit();
        var text = output.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        return (process.ExitCode, text);
    }

    public static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
