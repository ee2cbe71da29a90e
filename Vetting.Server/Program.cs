using Vetting.Server.Configuration;

var builder = WebApplication.CreateBuilder(args);
try { builder.AddVettingConfiguration(args); }
catch (ConfigException e) { return ConfigurationRegistration.Refuse(e, Console.Error); }
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.Run();
return 0;

public partial class Program;
