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

/// <summary>Delivers a notification. Delivery is best effort: implementations log failures and never throw.</summary>
public interface INotifier
{
    string Name { get; }

    Task NotifyAsync(Notification notification, CancellationToken cancellationToken);
}
