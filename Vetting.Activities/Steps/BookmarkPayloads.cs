namespace Vetting.Activities.Steps;

// The records that cross a suspension, as Elsa types its own bookmark payloads. Their JSON (camelCase) is what the
// store keeps and what stimulus hashes are computed over, so a rename here is a data migration.

/// <summary>Stimulus of the bookmarks a run's node resumes (boot script fetched, hello, hold decided).</summary>
public sealed record RunStimulus(int RunId);

/// <summary>Stimulus of a stage's bookmark: the agent's result names its instruction.</summary>
public sealed record InstructionStimulus(string InstructionId);

/// <summary>Payload of <see cref="RunStage"/>'s bookmark: the attempt it waits for.</summary>
public sealed record StageWait(string InstructionId);

/// <summary>Payload of <see cref="AwaitNode"/>'s bookmark: the timeout, for the failure message at the deadline.</summary>
public sealed record NodeWait(double TimeoutSeconds);

/// <summary>What the operator decided for a held node: <see cref="HoldForSsh.OverrideAction"/> or <see cref="HoldForSsh.ReleaseAction"/>.</summary>
public sealed record HoldDecision(string Action);
