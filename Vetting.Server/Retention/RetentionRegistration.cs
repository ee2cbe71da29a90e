namespace Vetting.Server.Retention;

public static class RetentionRegistration
{
    /// <summary>Daily pruning of old artifacts, logs and hold keys.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return services;
    }
}
