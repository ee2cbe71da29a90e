using System.Text.Json.Nodes;
using Vetting.Agent.Hold;
using Vetting.Agent.Loop;
using Vetting.Agent.Power;
using Vetting.Agent.Stages;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Support;

/// <summary>An agent loop wired to a fake server, fake tools and a sleep that records what it was asked to wait.</summary>
public sealed class LoopHarness
{
    private readonly List<TimeSpan> _sleeps = [];

    public LoopHarness(params IStage[] stages)
    {
        Stages = stages;
        KeysDirectory = Path.Combine(Path.GetTempPath(), "vetting-agent-tests", Guid.NewGuid().ToString("N"));
    }

    public FakeTransport Transport { get; } = new();

    public FakeToolRunner Tools { get; } = new FakeToolRunner().On("ssh-keygen -A", "").On("/usr/sbin/sshd", "").On("poweroff -f", "");

    public FakeSystemFiles Files { get; } = new FakeSystemFiles().File("/proc/sys/kernel/random/boot_id", "24d294b6-a365-4b17-a355-8fb56d761323\n");

    public IReadOnlyList<IStage> Stages { get; }

    public string KeysDirectory { get; }

    public string AuthorizedKeys => Path.Combine(KeysDirectory, ".ssh", "authorized_keys");

    public bool PowerOffDisabled { get; set; }

    public TimeSpan MinimumStageTime { get; set; } = TimeSpan.FromMinutes(1);

    public List<string> Log { get; } = [];

    /// <summary>Sleeps of one second or more (backoff, heartbeat intervals), in order.</summary>
    public IReadOnlyList<TimeSpan> Sleeps
    {
        get
        {
            lock (_sleeps)
            {
                return [.. _sleeps];
            }
        }
    }

    public static Instruction Stage(string id, string stage, string parameters = "{}", DateTimeOffset? deadline = null) => new()
    {
        InstructionId = id,
        Kind = InstructionKinds.Stage,
        Stage = stage,
        Parameters = (JsonObject)JsonNode.Parse(parameters)!,
        Deadline = deadline ?? DateTimeOffset.UtcNow.AddHours(1),
    };

    public static Instruction Kind(string id, string kind, string? key = null) => new()
    {
        InstructionId = id,
        Kind = kind,
        SshPublicKey = key,
        Deadline = DateTimeOffset.UtcNow.AddHours(1),
    };

    /// <summary>Runs the loop to its end, which the fake server forces with 410 once its script is used up.</summary>
    public async Task<int> RunAsync()
    {
        var identity = new HostIdentity(Files, new Uri("http://127.0.0.1:8080/"));
        var loop = new AgentLoop(
            Transport,
            identity,
            new StageRunner(Stages, Tools, Files, TimeProvider.System, null),
            new HoldHandler(Tools, new HoldOptions { AuthorizedKeysPath = AuthorizedKeys, RuntimeDirectories = [Path.Combine(KeysDirectory, "run-sshd")] }, identity.LocalAddress),
            new PowerOffHandler(Tools, new PowerOptions { Disabled = PowerOffDisabled }, Record),
            new AgentLoopOptions { MinimumStageTime = MinimumStageTime },
            TimeProvider.System,
            SleepAsync,
            Record);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await loop.RunAsync(limit.Token);
        }
        finally
        {
            if (Directory.Exists(KeysDirectory))
            {
                Directory.Delete(KeysDirectory, recursive: true);
            }
        }
    }

    // Backoff and heartbeat waits are recorded and shortened to a few milliseconds so tests run fast but
    // heartbeats still interleave with a running stage as they would in real time.
    private Task SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (_sleeps)
        {
            _sleeps.Add(delay);
        }

        return Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
    }

    private void Record(string line)
    {
        lock (Log)
        {
            Log.Add(line);
        }
    }
}
