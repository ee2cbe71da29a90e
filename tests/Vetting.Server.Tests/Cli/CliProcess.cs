using System.Diagnostics;

namespace Vetting.Server.Tests.Cli;

/// <summary>The real <c>vetting</c> binary (the server project's build output), run as a process.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static readonly string Dll = FindDll();

    /// <summary>Starts <c>vetting</c> with <paramref name="args"/>, its output redirected and not read yet; the caller stops it.</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo(args))!;

    private static ProcessStartInfo StartInfo(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Never pick up an operator's settings or a systemd environment from the machine running the tests.
        start.Environment.Remove("VETTING_SERVER");
        start.Environment.Remove("INVOCATION_ID");
        start.Environment.Remove("NOTIFY_SOCKET");
        return start;
    }

    public static async Task<Result> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    private static string FindDll()
    {
        // bin/<Configuration>/net10.0/: the server built in the same configuration as these tests.
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)));
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vetting.sln")))
            {
                return Path.Combine(dir.FullName, "Vetting.Server", "bin", configuration!, "net10.0", "vetting.dll");
            }
        }

        throw new InvalidOperationException("Vetting.sln not found above the test binaries");
    }
}
