namespace Vetting.Protocol.Hardware;

/// <summary>DMI system and BIOS identification.</summary>
public sealed record SystemInfo
{
    public string? Vendor { get; init; }

    public string? Product { get; init; }

    public string? Serial { get; init; }

    public string? BiosVendor { get; init; }

    public string? BiosVersion { get; init; }

    /// <summary>ISO 8601 (yyyy-MM-dd), converted from DMI's MM/dd/yyyy by the agent.</summary>
    public string? BiosDate { get; init; }

    /// <summary><c>uefi</c> or <c>bios</c>.</summary>
    public string? BootMode { get; init; }
}
