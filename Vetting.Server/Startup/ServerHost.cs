using System.Runtime.InteropServices;
using Vetting.Server.Configuration;
using Vetting.Server.Sites;
using Vetting.Workflows.Definitions;

namespace Vetting.Server.Startup;

/// <summary>The orchestrator itself: what <c>vetting serve</c> runs (and what the integration tests host).</summary>
public static class ServerHost
{
    /// <summary>Exit code when a shipped workflows/*.json cannot be imported (the unit does not restart on it).</summary>
    public const int WorkflowRefused = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        _ = MallocArenas.Limit();
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
            await Console.Error.WriteLineAsync("vetting: workflow import refused");
            await Console.Error.WriteLineAsync(e.Message);
            return WorkflowRefused;
        }

        var lease = app.Services.GetService<SiteLease>();
        if (lease is not null && !await StandByAsync(lease))
        {
            await app.DisposeAsync();
            return 0;
        }

        await app.RunAsync();

        // A process that lost its site stops so the unit starts it again (as the standby, or holding the site anew).
        return lease is { Lost: true } ? SiteLease.LostExitCode : 0;
    }

    /// <summary>
    /// Waits, before anything starts or listens, until this process holds its site (at once unless another process of
    /// the site does: then it is the standby). False when SIGTERM or SIGINT came first: stop, nothing to undo.
    /// </summary>
    private static async Task<bool> StandByAsync(SiteLease lease)
    {
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        try
        {
            await lease.AcquireAsync(stop.Token);
            // A signal that came as the lock was taken still means stop.
            return !stop.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
