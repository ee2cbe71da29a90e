using Vetting.Agent.Stages;
using Vetting.Agent.Storage;
using Vetting.Agent.Tests.Support;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Storage;

public sealed class StorageStageTests
{
    private const string Quick = """{"profile":"quick","durationSeconds":30,"readSizeMb":256,"wipeProbeSizeMb":64,"allowDestructive":false,"thresholds":{"min_seq_read_mbps":400}}""";

    [Fact]
    public async Task Smart_failure_outranks_the_wipe_probe_refusal_and_both_are_in_the_summary()
    {
        var (tools, files) = Server();

        var result = (await RunAsync(tools, files, Quick)).Result;

        Assert.Equal(StageStatuses.Failed, result.Status);
        Assert.Equal(FailureReasons.SmartFailed, result.Failure!.Reason);
        Assert.Equal("sdb: 8 reallocated sectors, 2 pending sectors", result.Failure.Message);
        Assert.Contains("sdb has a GPT partition table", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disk_with_a_partition_table_is_refused_with_a_message_naming_it()
    {
        var (tools, files) = Server(sdbSmart: "smartctl-sata-healthy.json");

        var outcome = await RunAsync(tools, files, Quick);

        Assert.Equal(FailureReasons.WipeProbeRefused, outcome.Result.Failure!.Reason);
        Assert.Equal("sdb has a GPT partition table", outcome.Result.Failure.Message);
        Assert.DoesNotContain(tools.Calls, c => c.Contains("--filename=/dev/sdb", StringComparison.Ordinal) && c.Contains("--rw=write", StringComparison.Ordinal));
        Assert.Contains(tools.Calls, c => c.StartsWith("fio --name=wipe-probe --filename=/dev/nvme0n1", StringComparison.Ordinal));
        Assert.Equal(["smart-sdb.json", "fio-sdb.log", "smart-nvme0n1.json", "fio-nvme0n1.log", "fio-nvme0n1-wipe-probe.log"], outcome.Artifacts.Select(a => a.Name));
    }

    [Fact]
    public async Task With_the_operator_override_used_disks_are_probed_but_never_the_boot_media()
    {
        var (tools, files) = Server(sdbSmart: "smartctl-sata-healthy.json");

        var outcome = await RunAsync(tools, files, Quick.Replace("\"allowDestructive\":false", "\"allowDestructive\":true", StringComparison.Ordinal));

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Contains(tools.Calls, c => c.StartsWith("fio --name=wipe-probe --filename=/dev/sdb", StringComparison.Ordinal));
        Assert.DoesNotContain(tools.Calls, c => c.Contains("/dev/sda", StringComparison.Ordinal));
        Assert.Equal(["seq_read", "seq_read", "wipe_probe_write", "wipe_probe_write"], outcome.Result.Measurements.Select(m => m.Name).Order());
    }

    [Fact]
    public async Task Reads_are_non_destructive_direct_and_bounded()
    {
        var (tools, files) = Server(sdbSmart: "smartctl-sata-healthy.json");

        await RunAsync(tools, files, Quick);

        Assert.Contains("fio --name=read --filename=/dev/sdb --rw=read --bs=1M --direct=1 --readonly --size=256M --runtime=30 --output-format=json", tools.Calls);
        Assert.Contains("fio --name=wipe-probe --filename=/dev/nvme0n1 --rw=write --bs=1M --direct=1 --verify=crc32c --do_verify=1 --verify_state_save=0 --size=64M --output-format=json", tools.Calls);
    }

    [Fact]
    public async Task Io_errors_in_fio_json_fail_although_fio_exited_0()
    {
        var (tools, files) = Server(sdbSmart: "smartctl-sata-healthy.json", sdbRead: "fio-read-eio.json");

        var result = (await RunAsync(tools, files, Quick)).Result;

        Assert.Equal(AgentFailureReasons.IoErrors, result.Failure!.Reason);
    }

    [Fact]
    public async Task Verify_errors_of_the_wipe_probe_fail()
    {
        var (tools, files) = Server(sdbSmart: "smartctl-sata-healthy.json");
        tools.On("fio --name=wipe-probe --filename=/dev/nvme0n1", Testdata.Read("fio-verify-failed.json"), 1, Testdata.Read("fio-verify-failed.err"));

        var result = (await RunAsync(tools, files, Quick)).Result;

        Assert.Equal(FailureReasons.VerifyErrors, result.Failure!.Reason);
        Assert.StartsWith("nvme0n1: data read back differs", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_below_the_spec_threshold_fails_with_throughput()
    {
        var (tools, files) = Server(sdbSmart: "smartctl-sata-healthy.json", sdbRead: "fio-read-slow.json");

        var result = (await RunAsync(tools, files, Quick.Replace("false", "true", StringComparison.Ordinal))).Result;

        Assert.Equal(FailureReasons.Throughput, result.Failure!.Reason);
        Assert.Equal("sdb reads 95 MB/s, below the 400 MB/s threshold", result.Failure.Message);
    }

    [Fact]
    public async Task On_the_development_vm_only_the_boot_disk_exists_so_nothing_is_tested()
    {
        var (tools, files) = Machines.DevelopmentVm();

        var outcome = await RunAsync(tools, files, Quick);

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Equal("no disks tested (no disks to test besides the boot media (vda))", outcome.Result.Summary);
        Assert.DoesNotContain(tools.Calls, c => c.StartsWith("fio", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scratch_mode_runs_both_jobs_on_a_file_and_touches_no_disk()
    {
        var scratch = Directory.CreateTempSubdirectory("vetting-agent-test-");
        try
        {
            var tools = new FakeToolRunner()
                .On("fio --name=read", Testdata.Read("fio-read.json"))
                .On("fio --name=wipe-probe", Testdata.Read("fio-write-verify.json"));

            var outcome = await new StorageStage().RunAsync(Contexts.For(tools, new FakeSystemFiles(), Quick, scratch.FullName), CancellationToken.None);

            Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
            var file = Path.Combine(scratch.FullName, "vetting-scratch.img");
            Assert.Equal([
                $"fio --name=read --filename={file} --rw=read --bs=1M --direct=1 --size=256M --runtime=30 --output-format=json",
                $"fio --name=wipe-probe --filename={file} --rw=write --bs=1M --direct=1 --verify=crc32c --do_verify=1 --verify_state_save=0 --size=64M --output-format=json",
            ], tools.Calls);
            Assert.Equal(["fio-scratch.log", "fio-scratch-wipe-probe.log"], outcome.Artifacts.Select(a => a.Name));
            Assert.EndsWith(", SMART not checked", outcome.Result.Summary, StringComparison.Ordinal);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Missing_fio_is_tool_missing()
    {
        var (tools, files) = Machines.Server();

        var result = (await RunAsync(tools, files, Quick)).Result;

        Assert.Equal((StageStatuses.Error, FailureReasons.ToolMissing), (result.Status, result.Failure!.Reason));
    }

    [Fact]
    public async Task Fio_failing_for_reasons_other_than_the_disk_is_an_error()
    {
        var (tools, files) = Server(sdbSmart: "smartctl-sata-healthy.json", sdbRead: "fio-read-nofile.json", sdbReadExit: 1);

        var result = (await RunAsync(tools, files, Quick)).Result;

        Assert.Equal((StageStatuses.Error, FailureReasons.ToolFailed), (result.Status, result.Failure!.Reason));
    }

    private static Task<StageOutcome> RunAsync(IToolRunner tools, FakeSystemFiles files, string parameters) =>
        new StorageStage().RunAsync(Contexts.For(tools, files, parameters), CancellationToken.None);

    private static (FakeToolRunner Tools, FakeSystemFiles Files) Server(string sdbSmart = "smartctl-sata-reallocated.json", string sdbRead = "fio-read.json", int sdbReadExit = 0)
    {
        var (tools, files) = Machines.Server();
        tools.On("smartctl -j -H -i -A /dev/sdb", Testdata.Read(sdbSmart))
            .On("fio --name=read --filename=/dev/sdb", Testdata.Read(sdbRead), sdbReadExit)
            .On("fio --name=read --filename=/dev/nvme0n1", Testdata.Read("fio-read.json"))
            .On("fio --name=wipe-probe", Testdata.Read("fio-write-verify.json"));
        return (tools, files);
    }
}
