using System.Text.Json.Serialization;

namespace Vetting.Protocol;

/// <summary>First call of a booted agent: <c>POST /api/v1/runs/{id}/hello</c>.</summary>
public sealed record HelloRequest
{
    public required string AgentVersion { get; init; }

    /// <summary>From /proc/sys/kernel/random/boot_id; a repeated hello with the same id is harmless.</summary>
    public required string BootId { get; init; }

    public required string Hostname { get; init; }

    /// <summary>
    /// Optional so an agent that could not work out its address still reaches the server,
    /// which can fall back to the connection's remote address.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ip { get; init; }

    /// <summary>Lower-case colon form, see <see cref="MacAddress"/>.</summary>
    public required IReadOnlyList<string> Macs { get; init; }

    public required string Kernel { get; init; }
}
