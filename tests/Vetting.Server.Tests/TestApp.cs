using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vetting.Server.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 wired with only the pieces under test, because Program.cs is owned and
/// rewritten elsewhere. Real HTTP keeps Host/Origin headers, chunked bodies and disconnects honest.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<TestApp> StartAsync(
        Action<WebApplicationBuilder> configure, Action<WebApplication> pipeline, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        configure(builder);

        var app = builder.Build();
        pipeline(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
