using Vetting.Agent.Settings;

namespace Vetting.Agent.Tests.Settings;

public sealed class SettingsReaderTests
{
    private const string KernelLine = "BOOT_IMAGE=vmlinuz initrd=initrd.img console=ttyS0,115200 vetting.orchestrator=http://10.77.0.1:8080 vetting.run=42 vetting.token=abc123 quiet";

    [Fact]
    public void The_live_image_reads_the_kernel_command_line()
    {
        var settings = SettingsReader.Read([], _ => null, KernelLine).Settings!;

        Assert.Equal(new Uri("http://10.77.0.1:8080/"), settings.Orchestrator);
        Assert.Equal(42, settings.RunId);
        Assert.Equal("abc123", settings.Token);
        Assert.False(settings.NoPowerOff);
        Assert.Null(settings.ScratchDirectory);
    }

    [Fact]
    public void Flags_beat_environment_which_beats_the_kernel_command_line()
    {
        var environment = new Dictionary<string, string> { ["VETTING_RUN"] = "7", ["VETTING_TOKEN"] = "from-env" };

        var settings = SettingsReader.Read(["--orchestrator", "http://127.0.0.1:8080", "--token=from-flag", "--scratch-dir", "/tmp/x", "--no-poweroff"],
            environment.GetValueOrDefault, KernelLine).Settings!;

        Assert.Equal(new Uri("http://127.0.0.1:8080/"), settings.Orchestrator);
        Assert.Equal(7, settings.RunId);
        Assert.Equal("from-flag", settings.Token);
        Assert.Equal("/tmp/x", settings.ScratchDirectory);
        Assert.True(settings.NoPowerOff);
    }

    [Fact]
    public void A_path_prefix_is_kept_for_relative_api_calls()
    {
        var settings = SettingsReader.Read(["--orchestrator", "https://lab.example/vetting", "--run", "1", "--token", "t"], _ => null, null).Settings!;

        Assert.Equal("https://lab.example/vetting/api/v1/runs/1/hello", new Uri(settings.Orchestrator, "api/v1/runs/1/hello").ToString());
    }

    [Fact]
    public void Missing_and_malformed_values_are_all_named()
    {
        var outcome = SettingsReader.Read(["--orchestrator", "ftp://x", "--run", "-3"], _ => null, "quiet");

        Assert.Null(outcome.Settings);
        Assert.Equal("'ftp://x' is not an http(s) URL; run id '-3' is not a positive number; no token (--token, VETTING_TOKEN or vetting.token=)", outcome.Error);
    }

    [Fact]
    public void Unknown_arguments_are_refused_and_version_and_help_are_recognised()
    {
        Assert.Equal("unknown argument '--bogus'", SettingsReader.Read(["--bogus"], _ => null, null).Error);
        Assert.Equal("--run needs a value", SettingsReader.Read(["--run"], _ => null, null).Error);
        Assert.True(SettingsReader.Read(["--version"], _ => null, null).ShowVersion);
        Assert.True(SettingsReader.Read(["--help"], _ => null, null).ShowHelp);
    }

    [Fact]
    public void Kernel_command_line_values_may_be_quoted_and_the_last_one_wins()
    {
        var values = KernelCommandLine.Parse("vetting.run=1 note=\"two words\" vetting.run=2\n");

        Assert.Equal("2", values["vetting.run"]);
        Assert.Equal("two words", values["note"]);
    }
}
