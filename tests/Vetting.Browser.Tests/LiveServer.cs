using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vetting.Server.Tests.Support;

namespace Vetting.Browser.Tests;

/// <summary>
/// The real orchestrator (<see cref="VettingApp"/>: Program, SQLite file, temp data dir) on a real Kestrel port of
/// 127.0.0.1 that Chromium can load. <see cref="RestartAsync"/> stops it and starts a new process-equivalent on the
/// same data and port, the way systemd would restart it.
/// </summary>
internal sealed class LiveServer : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vetting-ui-").FullName;
    private VettingApp? _app;

    static LiveServer()
    {
        // The server's info logs would bury the test output; warnings and errors still show.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
    }

    private LiveServer()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    /// <summary>An HTTP client for the API (and the simulated agent), over the same loopback socket as the browser.</summary>
    public HttpClient Client { get; private set; } = null!;

    public VettingApp App => _app ?? throw new InvalidOperationException("the server is stopped");

    public static LiveServer Start()
    {
        var server = new LiveServer();
        server.Launch(port: 0);
        return server;
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async Task StopAsync()
    {
        Client.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
        _app = null;
    }

    public void StartAgain() => Launch(Port);

    private void Launch(int port)
    {
        // The clock is fake so no timeout fires while a test waits on the browser, but starts at the real time so
        // elapsed times and Last-Event-IDs look as they would in production.
        var app = new VettingApp(_root, clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        app.UseKestrel(port);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        _app = app;
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing; the temp folder is left for the OS to clean.
        }
    }
}
