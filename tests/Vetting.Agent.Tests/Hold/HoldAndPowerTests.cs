using Vetting.Agent.Hold;
using Vetting.Agent.Tests.Support;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Hold;

public sealed class HoldAndPowerTests
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGd0c3Rfa2V5X2Zvcl90ZXN0c19vbmx5X25vdF9yZWFs vetting-run-7";

    [Fact]
    public async Task Hold_installs_the_key_starts_sshd_reports_the_address_and_keeps_heartbeating()
    {
        var harness = new LoopHarness(new ScriptedStage("storage", (_, _) => Task.FromResult(
            new Stages.StageOutcome(new StageResult { Status = StageStatuses.Passed, Summary = "ok" }, []))));
        string? installed = null;
        UnixFileMode? mode = null;
        harness.Tools.On("/usr/sbin/sshd", _ =>
        {
            installed = File.ReadAllText(harness.AuthorizedKeys);
            mode = File.GetUnixFileMode(harness.AuthorizedKeys);
            return new ToolResult(0, "", "");
        });
        harness.Transport.Next(LoopHarness.Kind("h", InstructionKinds.Hold, Key)).Next(null).Next(LoopHarness.Stage("override", "storage", """{"allowDestructive":true}"""));

        await harness.RunAsync();

        Assert.Equal(Key + "\n", installed);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(["ssh-keygen -A", "/usr/sbin/sshd"], harness.Tools.Calls);
        var held = harness.Transport.Results["h"];
        Assert.Equal(StageStatuses.Passed, held.Status);
        Assert.StartsWith("holding for SSH: ssh root@127.0.0.1", held.Summary, StringComparison.Ordinal);
        Assert.Contains(harness.Transport.Heartbeats, b => b.InstructionId == "h");
        Assert.Equal(StageStatuses.Passed, harness.Transport.Results["override"].Status);
    }

    [Fact]
    public void Installing_twice_keeps_one_line_and_existing_keys()
    {
        var directory = Directory.CreateTempSubdirectory("vetting-keys-");
        try
        {
            var path = Path.Combine(directory.FullName, ".ssh", "authorized_keys");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "ssh-rsa AAAAB3Nza operator@laptop");

            AuthorizedKeys.Install(path, Key);
            AuthorizedKeys.Install(path, Key + "\n");

            Assert.Equal(["ssh-rsa AAAAB3Nza operator@laptop", Key], File.ReadAllLines(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Hold_without_sshd_in_the_image_reports_tool_missing_but_keeps_the_key()
    {
        var harness = new LoopHarness();
        harness.Tools.On("/usr/sbin/sshd", _ => ToolResult.NotFound("/usr/sbin/sshd"));
        var keyWritten = false;
        harness.Tools.On("ssh-keygen -A", _ =>
        {
            keyWritten = File.Exists(harness.AuthorizedKeys);
            return new ToolResult(0, "", "");
        });
        harness.Transport.Next(LoopHarness.Kind("h", InstructionKinds.Hold, Key));

        await harness.RunAsync();

        Assert.True(keyWritten);
        Assert.Equal(FailureReasons.ToolMissing, harness.Transport.Results["h"].Failure!.Reason);
    }

    [Fact]
    public async Task Poweroff_runs_the_injected_command_and_ends_the_agent_without_a_result()
    {
        var harness = new LoopHarness();
        harness.Transport.Next(LoopHarness.Kind("p", InstructionKinds.PowerOff)).Next(null);

        Assert.Equal(0, await harness.RunAsync());
        Assert.Equal(["poweroff -f"], harness.Tools.Calls);
        Assert.Empty(harness.Transport.Results);
        Assert.Equal(1, harness.Transport.Calls.Count(c => c == "next"));
    }

    [Fact]
    public async Task Poweroff_falls_back_to_systemctl()
    {
        var harness = new LoopHarness();
        harness.Tools.On("poweroff -f", "", 1, "poweroff: Operation not permitted").On("systemctl poweroff", "");
        harness.Transport.Next(LoopHarness.Kind("p", InstructionKinds.PowerOff));

        await harness.RunAsync();

        Assert.Equal(["poweroff -f", "systemctl poweroff"], harness.Tools.Calls);
    }

    [Fact]
    public async Task With_no_poweroff_the_instruction_only_ends_the_agent()
    {
        var harness = new LoopHarness { PowerOffDisabled = true };
        harness.Transport.Next(LoopHarness.Kind("p", InstructionKinds.PowerOff));

        Assert.Equal(0, await harness.RunAsync());
        Assert.Empty(harness.Tools.Calls);
    }

    [Fact]
    public async Task Exit_ends_the_agent()
    {
        var harness = new LoopHarness();
        harness.Transport.Next(LoopHarness.Kind("x", InstructionKinds.Exit)).Next(null);

        Assert.Equal(0, await harness.RunAsync());
        Assert.Equal(["hello", "next"], harness.Transport.Calls);
    }
}
