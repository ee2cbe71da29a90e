using Vetting.Server.Configuration;
using Vetting.Server.Startup;

var builder = WebApplication.CreateBuilder(args);
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
await app.InitializeVettingAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; partial so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
