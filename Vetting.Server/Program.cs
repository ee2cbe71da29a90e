using Vetting.Server.Configuration;
using Vetting.Server.Startup;
using Vetting.Workflows.Definitions;

// Content root is the binary's folder, not the working directory, so the appsettings.json shipped beside it
// (log levels) applies however the server is started (systemd, a shell, the /usr/local/bin symlink).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
VettingConfig config;
try
{
    config = builder.AddVettingConfiguration(args);
}
catch (ConfigException e)
{
    return ConfigurationRegistration.Refuse(e, Console.Error);
}

builder.AddVettingServer(config);
var app = builder.Build();
app.UseVettingPipeline();
app.MapVettingEndpoints();
try
{
    await app.InitializeVettingAsync();
}
catch (WorkflowDefinitionException e)
{
    // A shipped workflows/*.json that cannot be imported: say which file and why, and exit with a code the
    // systemd unit does not restart on (restarting cannot fix a file).
    Console.Error.WriteLine("vetting: workflow import refused");
    Console.Error.WriteLine(e.Message);
    return 3;
}

await app.RunAsync();
return 0;

/// <summary>Entry point; partial so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
