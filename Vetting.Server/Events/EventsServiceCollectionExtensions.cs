using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vetting.Server.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>Registers the singleton <see cref="EventHub"/> that features publish to and <c>MapEvents</c> streams from.</summary>
    public static IServiceCollection AddEventHub(this IServiceCollection services, Action<EventHubOptions>? configure = null)
    {
        var options = services.AddOptions<EventHubOptions>()
            .Validate(o => o.BacklogSize >= 0, "EventHubOptions.BacklogSize must be 0 or more.")
            .Validate(o => o.SubscriberBufferSize >= 1, "EventHubOptions.SubscriberBufferSize must be at least 1.")
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero, "EventHubOptions.HeartbeatInterval must be positive.")
            .ValidateOnStart();
        if (configure is not null)
            options.Configure(configure);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventHub>();
        return services;
    }
}
