using Vetting.Protocol;

namespace Vetting.Server.Reports;

/// <summary>Why a run or stage failed. <see cref="Reason"/> is a stable word from <see cref="FailureReasons"/> (or a run-level one such as a boot timeout).</summary>
public sealed record ReportFailure
{
    /// <summary>Null for failures outside any stage, e.g. the node never booted.</summary>
    public string? Stage { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    public static ReportFailure From(string? stage, StageFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new ReportFailure { Stage = stage, Reason = failure.Reason, Message = failure.Message };
    }
}
