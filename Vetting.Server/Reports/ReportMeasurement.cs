using Vetting.Protocol;

namespace Vetting.Server.Reports;

public sealed record ReportMeasurement
{
    public required string Stage { get; init; }

    /// <summary>snake_case, e.g. <c>seq_read</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Kernel name of the disk or NIC; null for whole-host values.</summary>
    public string? Device { get; init; }

    public required double Value { get; init; }

    public required string Unit { get; init; }

    public static ReportMeasurement From(string stage, Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return new ReportMeasurement
        {
            Stage = stage,
            Name = measurement.Name,
            Device = measurement.Device,
            Value = measurement.Value,
            Unit = measurement.Unit,
        };
    }
}
