namespace Vetting.Workflows.Runtime;

public static class JournalKinds
{
    public const string Instance = "Instance";
    public const string Activity = "Activity";
}

/// <summary>
/// One line of an instance's journal: an instance event (Started, Suspended, Resumed, Finished, Faulted, Cancelled)
/// or one activity execution with its outcome or error.
/// </summary>
public sealed record JournalEntry(
    string InstanceId,
    string Kind,
    string Event,
    DateTimeOffset Timestamp,
    string? ActivityId = null,
    string? ActivityType = null,
    string? Outcome = null,
    double? DurationMs = null,
    string? Error = null);
