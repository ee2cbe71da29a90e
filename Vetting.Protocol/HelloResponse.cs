using System.Text.Json.Serialization;

namespace Vetting.Protocol;

public sealed record HelloResponse
{
    public required long RunId { get; init; }

    /// <summary>How often the agent must call; silence for <c>agent.lost_after</c> fails the run.</summary>
    public required int HeartbeatSeconds { get; init; }

    /// <summary>Lets the agent log clock skew; a live image often boots with a wrong RTC.</summary>
    [JsonConverter(typeof(UtcTimestampConverter))]
    public required DateTimeOffset ServerTime { get; init; }
}
