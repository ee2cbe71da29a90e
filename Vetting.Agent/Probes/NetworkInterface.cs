namespace Vetting.Agent.Probes;

/// <summary>A physical network interface as seen by <c>ip -j link</c> and /sys/class/net.</summary>
public sealed record NetworkInterface
{
    public required string Name { get; init; }

    public string? Mac { get; init; }

    public string? Driver { get; init; }

    public bool? LinkUp { get; init; }

    /// <summary>Negotiated speed in Mbit/s; null when the link is down or the driver does not say (virtio reports -1).</summary>
    public int? SpeedMbps { get; init; }
}
