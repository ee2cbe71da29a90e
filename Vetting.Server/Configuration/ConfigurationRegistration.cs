using Microsoft.Extensions.Options;

namespace Vetting.Server.Configuration;

public static class ConfigurationRegistration
{
    /// <summary>
    /// Loads <c>vetting.yaml</c> (see <see cref="VettingConfigLoader.FindConfigPath(string[])"/>), registers it and
    /// listens on <c>server.bind</c>. Program catches <see cref="ConfigException"/> and returns <see cref="Refuse"/>.
    /// </summary>
    /// <exception cref="ConfigException">The configuration cannot be used.</exception>
    public static VettingConfig AddVettingConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        var config = VettingConfigLoader.Load(VettingConfigLoader.FindConfigPath(args));
        builder.Services.AddVettingOptions(config);
        builder.WebHost.UseUrls("http://" + config.Server.Bind);

        return config;
    }

    /// <summary>
    /// Registers the root and each section both as itself and as <see cref="IOptions{TOptions}"/>. The values are
    /// fixed for the life of the process: the file is read once, so there is no IOptionsMonitor reload.
    /// </summary>
    public static IServiceCollection AddVettingOptions(this IServiceCollection services, VettingConfig config)
    {
        services.AddSingleton(config);
        services.AddSingleton<IReadOnlyList<NotifierOptions>>(config.Notifiers);
        Add(services, config.Server);
        Add(services, config.Paths);
        Add(services, config.Database);
        Add(services, config.Site);
        Add(services, config.Wol);
        Add(services, config.Runs);
        Add(services, config.Agent);
        Add(services, config.Artifacts);
        Add(services, config.Logs);
        Add(services, config.Pxe);
        Add(services, config.NetworkTest);
        return services;
    }

    /// <summary>Tells the operator why start-up stopped and gives Program the exit code to return.</summary>
    public static int Refuse(ConfigException exception, TextWriter error)
    {
        error.WriteLine("vetting: configuration refused");
        error.WriteLine(exception.Message);
        return ConfigException.ExitCode;
    }

    private static void Add<T>(IServiceCollection services, T options)
        where T : class
    {
        services.AddSingleton(options);
        services.AddSingleton(Options.Create(options));
    }
}
