using Vetting.Activities.Ports;

namespace Vetting.Server.Notifications;

public static class DeliveryStatus
{
    /// <summary>Waiting for its first attempt or for a retry at <see cref="NotificationDelivery.DueAt"/>.</summary>
    public const string Pending = "Pending";
    public const string Sent = "Sent";

    /// <summary>Gave up after <see cref="NotificationOutbox.MaxAttempts"/> attempts, or its notifier is no longer configured.</summary>
    public const string Failed = "Failed";
}

/// <summary>
/// One notification for one notifier (row of <c>notification_deliveries</c>). It is written in the transaction of
/// the step or operator action that caused it, so a crash after the commit cannot lose it, and it is unique per
/// run, event, notifier and occurrence, so a replayed step cannot send it twice.
/// </summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public string Event { get; set; } = "";
    public string Notifier { get; set; } = "";

    /// <summary>What produced it, e.g. <c>notifyPassed@12</c> (activity at instance revision) or <c>operator-cancel</c>.</summary>
    public string Occurrence { get; set; } = "";

    public string HostName { get; set; } = "";
    public string Title { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Link { get; set; }
    public string Status { get; set; } = DeliveryStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    public Notification ToNotification() => new(Event, RunId, HostName, Title, Message, Link);
}
