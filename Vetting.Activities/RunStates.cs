namespace Vetting.Activities;

/// <summary>Run states as shown on the dashboard tile (contract: brief.md).</summary>
public static class RunStates
{
    public const string Queued = "Queued";
    public const string WaitingWoL = "WaitingWoL";
    public const string Booting = "Booting";
    public const string Inventory = "Inventory";
    public const string Cpu = "Cpu";
    public const string Memory = "Memory";
    public const string Storage = "Storage";
    public const string Network = "Network";
    public const string Reporting = "Reporting";
    public const string Passed = "Passed";
    public const string FailedHolding = "FailedHolding";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";

    public static readonly IReadOnlyList<string> All =
        [Queued, WaitingWoL, Booting, Inventory, Cpu, Memory, Storage, Network, Reporting, Passed, FailedHolding, Failed, Cancelled];

    public static readonly IReadOnlyList<string> IsTerminalStates = [Passed, Failed, Cancelled];

    public static bool IsTerminal(string state) => state is Passed or Failed or Cancelled;

    /// <summary>States in which the agent is expected to be alive and calling in.</summary>
    public static bool HasAgent(string state) => state is Inventory or Cpu or Memory or Storage or Network or Reporting or FailedHolding;

    /// <summary>The tile state of a stage: <c>cpu</c> → <c>Cpu</c>.</summary>
    public static string ForStage(string stage) => stage.Length == 0 ? stage : char.ToUpperInvariant(stage[0]) + stage[1..].ToLowerInvariant();
}
