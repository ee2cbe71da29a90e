using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vetting.Activities.Ports;
using Vetting.Server.Configuration;

namespace Vetting.Server.Notifications;

public static class NotifierRegistration
{
    /// <summary>
    /// The always-on <see cref="LogNotifier"/>, the dispatcher, and one <see cref="INotifier"/> per entry of the
    /// <c>notifiers</c> config list, in config order.
    /// </summary>
    public static IServiceCollection AddVettingNotifiers(this IServiceCollection services, IReadOnlyList<NotifierOptions> notifiers)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RunNotices>();
        services.AddScoped<NotificationOutbox>();
        services.AddScoped<StepNotifications>();
        services.AddSingleton<NotificationDeliveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDeliveryService>());
        services.AddSingleton<INotifier, LogNotifier>();
        // Discord's edge refuses some requests without a User-Agent; it also tells ntfy's logs who is posting.
        services.AddHttpClient(NotifierHttp.ClientName, client =>
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("vetting", typeof(NotifierRegistration).Assembly.GetName().Version?.ToString(3))));

        for (var index = 0; index < notifiers.Count; index++)
        {
            var options = notifiers[index];
            var name = Name(notifiers, index);
            Func<IServiceProvider, INotifier> create = options.Type switch
            {
                "ntfy" => sp => ActivatorUtilities.CreateInstance<NtfyNotifier>(sp, name, options),
                "discord" => sp => ActivatorUtilities.CreateInstance<DiscordNotifier>(sp, name, options),
                "smtp" => sp => ActivatorUtilities.CreateInstance<SmtpNotifier>(sp, name, options),
                _ => throw new InvalidOperationException($"notifiers[{index}]: no notifier of type \"{options.Type}\""),
            };
            services.AddSingleton(create);
        }

        return services;
    }

    /// <summary>
    /// The type, as operators wrote it; with two entries of one type the log must say which of them failed, so those
    /// also name their place in the list. Never the URL: webhook URLs and ntfy topics are secrets.
    /// </summary>
    private static string Name(IReadOnlyList<NotifierOptions> notifiers, int index)
    {
        var type = notifiers[index].Type;
        return notifiers.Count(n => n.Type == type) == 1 ? type : $"{type} ({ConfigSchema.NotifiersKey}[{index}])";
    }
}
