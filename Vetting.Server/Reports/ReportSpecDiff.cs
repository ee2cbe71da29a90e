using Vetting.Activities.Specs;

namespace Vetting.Server.Reports;

/// <summary>One difference between the inventory and the expected spec; <see cref="Severity"/> is <c>fail</c> or <c>warn</c>.</summary>
public sealed record ReportSpecDiff
{
    /// <summary>Spec key path, e.g. <c>cpu.logical_cores</c> or <c>disks[0]</c>.</summary>
    public required string Path { get; init; }

    public required string Expected { get; init; }

    public required string Actual { get; init; }

    public required string Severity { get; init; }

    public static ReportSpecDiff From(SpecDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return new ReportSpecDiff { Path = diff.Path, Expected = diff.Expected, Actual = diff.Actual, Severity = diff.Severity };
    }
}
