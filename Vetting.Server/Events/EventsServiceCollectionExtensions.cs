using Microsoft.Extensions.DependencyInjection.Extensions;
using Vetting.Server.Configuration;

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

    /// <summary>
    /// On PostgreSQL, the <see cref="PostgresEventRelay"/> that shares live events with the other orchestrators of the
    /// database (other sites). One SQLite file has one orchestrator, so there is nothing to relay.
    /// </summary>
    public static IServiceCollection AddEventRelay(this IServiceCollection services, DatabaseOptions database)
    {
        if (database.Provider == DatabaseOptions.Postgres && database.ConnectionString is { } connectionString)
        {
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PostgresEventRelay>(sp, connectionString));
        }

        return services;
    }
}
