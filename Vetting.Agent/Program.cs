using Vetting.Agent;
using Vetting.Agent.Cpu;
using Vetting.Agent.Hold;
using Vetting.Agent.Inventory;
using Vetting.Agent.Loop;
using Vetting.Agent.Memory;
using Vetting.Agent.Network;
using Vetting.Agent.Power;
using Vetting.Agent.Settings;
using Vetting.Agent.Storage;
using Vetting.Agent.Tools;
using Vetting.Agent.Transport;

var files = new LocalSystemFiles();
var outcome = SettingsReader.Read(args, Environment.GetEnvironmentVariable, files.ReadText("/proc/cmdline"));
if (outcome.ShowVersion)
{
    Console.WriteLine($"vetting-agent {AgentVersion.Current}");
    return 0;
}

if (outcome.ShowHelp || outcome.Settings is not { } settings)
{
    if (outcome.Error is not null)
    {
        Console.Error.WriteLine($"vetting-agent: {outcome.Error}");
    }

    Console.Error.WriteLine(SettingsReader.Usage);
    return outcome.ShowHelp ? 0 : 64;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

static void Log(string line) => Console.Error.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'} {line}");

var time = TimeProvider.System;
var tools = new ProcessToolRunner(time);
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
var identity = new HostIdentity(files, settings.Orchestrator);
var loop = new AgentLoop(
    new HttpAgentTransport(http, settings.Orchestrator, settings.RunId, settings.Token),
    identity,
    new StageRunner([new InventoryStage(), new CpuStage(), new MemoryStage(), new StorageStage(), new NetworkStage()], tools, files, time, settings.ScratchDirectory),
    new HoldHandler(tools, new HoldOptions(), identity.LocalAddress),
    new PowerOffHandler(tools, new PowerOptions { Disabled = settings.NoPowerOff }, Log),
    new AgentLoopOptions(),
    time,
    (delay, ct) => Task.Delay(delay, time, ct),
    Log);

Log($"vetting-agent {AgentVersion.Current}: run {settings.RunId} at {settings.Orchestrator}{(settings.ScratchDirectory is null ? "" : $", storage on scratch files in {settings.ScratchDirectory}")}");
try
{
    return await loop.RunAsync(stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    return 130;
}
