namespace Vetting.Agent.Probes;

/// <summary>What <c>smartctl -j -H -i -A</c> said about one disk; null members were not reported.</summary>
public sealed record SmartReport
{
    /// <summary>smart_status.passed: the drive's own overall verdict.</summary>
    public bool? Passed { get; init; }

    public string? Model { get; init; }

    public string? Serial { get; init; }

    /// <summary>smartctl's exit status bit mask (bit 3: disk failing, bit 4: prefail attribute at threshold ...).</summary>
    public int? ExitStatus { get; init; }

    /// <summary>smartctl's own error messages, e.g. "Unable to detect device type".</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>ATA 5 Reallocated_Sector_Ct raw value.</summary>
    public long? ReallocatedSectors { get; init; }

    /// <summary>ATA 197 Current_Pending_Sector raw value.</summary>
    public long? PendingSectors { get; init; }

    /// <summary>ATA 198 Offline_Uncorrectable raw value.</summary>
    public long? OfflineUncorrectable { get; init; }

    /// <summary>ATA attributes whose normalised value is at or below threshold now (when_failed = "now").</summary>
    public IReadOnlyList<string> FailingAttributes { get; init; } = [];

    /// <summary>NVMe media_errors.</summary>
    public long? MediaErrors { get; init; }

    /// <summary>NVMe critical_warning bit field; non-zero means the controller flags a problem.</summary>
    public long? CriticalWarning { get; init; }

    public double? TemperatureC { get; init; }

    /// <summary>The drive answered SMART at all; virtual disks and many USB bridges do not.</summary>
    public bool HasHealth => Passed is not null;
}
