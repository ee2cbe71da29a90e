namespace Vetting.Activities.Ports;

/// <summary>What a notification is about.</summary>
public static class NotificationEvents
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Held = "held";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Passed, Failed, Held, Cancelled];
}

/// <param name="Event">One of <see cref="NotificationEvents"/>.</param>
/// <param name="Title">Short line, e.g. "node-7: vetting failed at Storage".</param>
/// <param name="Message">Body text: verdict, failure, hold ssh command.</param>
/// <param name="Link">The run's page on the orchestrator, if a public URL is known.</param>
public sealed record Notification(string Event, int RunId, string HostName, string Title, string Message, string? Link);

/// <summary>How one delivery attempt went; <see cref="Error"/> says why it did not arrive.</summary>
public sealed record NotifyResult(bool Delivered, string? Error)
{
    public static readonly NotifyResult Sent = new(true, null);

    public static NotifyResult Failed(string error) => new(false, error);
}

/// <summary>
/// Delivers a notification. Implementations report a failed attempt in the result (the outbox retries it) and never
/// throw, except for the caller's own cancellation.
/// </summary>
public interface INotifier
{
    string Name { get; }

    /// <summary>Whether this notifier was configured for <paramref name="event"/>; others are not queued for it.</summary>
    bool Wants(string @event) => true;

    Task<NotifyResult> NotifyAsync(Notification notification, CancellationToken cancellationToken);
}
