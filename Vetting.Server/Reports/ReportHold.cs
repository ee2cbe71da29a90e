namespace Vetting.Server.Reports;

/// <summary>Where the held node can be reached. The private key stays on the orchestrator; the command refers to its path there.</summary>
public sealed record ReportHold
{
    public required string Ip { get; init; }

    /// <summary>The exact command to paste on the orchestrator host.</summary>
    public required string SshCommand { get; init; }
}
