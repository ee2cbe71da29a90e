using Vetting.Server.Cli;

// `vetting serve` runs the orchestrator; every other command talks to a running one (see docs/operations.md, CLI).
return await VettingCli.RunAsync(args);

/// <summary>Entry point; partial so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
