namespace Vetting.Protocol.Hardware;

public sealed record NicInfo
{
    public required string Name { get; init; }

    /// <summary>Lower-case colon form, see <see cref="MacAddress"/>.</summary>
    public string? Mac { get; init; }

    public string? Driver { get; init; }

    public bool? LinkUp { get; init; }

    /// <summary>Negotiated speed; null while the link is down.</summary>
    public int? SpeedMbps { get; init; }
}
