namespace Vetting.Protocol.Hardware;

public sealed record GpuInfo
{
    public string? VendorId { get; init; }

    public string? DeviceId { get; init; }

    public string? Name { get; init; }
}
