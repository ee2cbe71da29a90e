using System.Text.Json.Serialization;

namespace Vetting.Server.Pxe;

[JsonConverter(typeof(JsonStringEnumConverter<DnsmasqStatus>))]
public enum DnsmasqStatus
{
    /// <summary><c>pxe.enabled</c> is false: PXE relies on an outside DHCP/TFTP setup.</summary>
    [JsonStringEnumMemberName("disabled")] Disabled,
    [JsonStringEnumMemberName("starting")] Starting,
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>dnsmasq died; waiting out the backoff before the next start.</summary>
    [JsonStringEnumMemberName("restarting")] Restarting,

    /// <summary>Will not be retried: bad settings or no dnsmasq executable. Fix and restart Vetting.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The orchestrator is shutting down and has stopped dnsmasq.</summary>
    [JsonStringEnumMemberName("stopped")] Stopped,
}

/// <summary>What <c>/healthz</c> reports about the supervised dnsmasq.</summary>
/// <param name="LastError">The most recent failure, kept after a successful restart so crash loops stay visible.</param>
/// <param name="Restarts">Starts after the first one since Vetting started.</param>
public sealed record DnsmasqState(DnsmasqStatus Status, int? Pid = null, string? LastError = null, int Restarts = 0);
