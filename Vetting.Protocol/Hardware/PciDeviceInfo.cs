namespace Vetting.Protocol.Hardware;

public sealed record PciDeviceInfo
{
    /// <summary>Domain:bus:device.function, e.g. <c>0000:3b:00.0</c>.</summary>
    public required string Address { get; init; }

    /// <summary>Four lower-case hex digits, no <c>0x</c>.</summary>
    public string? VendorId { get; init; }

    public string? DeviceId { get; init; }

    /// <summary>Class and subclass as four hex digits, e.g. <c>0200</c> for Ethernet.</summary>
    public string? Class { get; init; }

    public string? VendorName { get; init; }

    public string? DeviceName { get; init; }
}
