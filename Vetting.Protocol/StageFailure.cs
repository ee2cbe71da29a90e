namespace Vetting.Protocol;

public sealed record StageFailure
{
    /// <summary>A stable machine word from <see cref="FailureReasons"/>; the server keys behaviour on it.</summary>
    public required string Reason { get; init; }

    /// <summary>For humans: what was seen, on which device.</summary>
    public required string Message { get; init; }
}
