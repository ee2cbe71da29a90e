namespace Vetting.Server.Cli;

/// <summary>The <c>vetting</c> command's exit codes (docs/operations.md lists them).</summary>
public static class CliExit
{
    public const int Ok = 0;

    /// <summary>The server answered with a problem (not found, conflict, invalid input).</summary>
    public const int Refused = 1;

    /// <summary>The command line or the configuration is wrong (also what <c>serve</c> returns for a refused config).</summary>
    public const int Usage = 2;

    /// <summary>No server answered at the address.</summary>
    public const int Unreachable = 4;

    /// <summary><c>runs watch</c>: the run ended failed, inconclusive or cancelled (Passed is <see cref="Ok"/>).</summary>
    public const int RunFailed = 5;

    public const int RunInconclusive = 6;

    public const int RunCancelled = 7;
}

/// <summary>A command that cannot go on: the message is printed on stderr and the process ends with <see cref="ExitCode"/>.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
