using Vetting.Agent.Probes;
using Vetting.Agent.Tests.Support;

namespace Vetting.Agent.Tests.Inventory;

public sealed class SmartTests
{
    [Fact]
    public void Smartctl_on_a_virtual_disk_reports_no_health_and_says_why()
    {
        var report = SmartctlParser.Parse(Testdata.Read("smartctl-vda.json"))!;

        Assert.False(report.HasHealth);
        Assert.Equal(["/dev/vda: Unable to detect device type"], report.Errors);
        Assert.Equal(1, report.ExitStatus);
    }

    [Fact]
    public void Healthy_sata_and_nvme_drives_have_no_problems()
    {
        foreach (var name in new[] { "smartctl-sata-healthy.json", "smartctl-nvme-healthy.json" })
        {
            var report = SmartctlParser.Parse(Testdata.Read(name))!;
            Assert.True(report.Passed);
            Assert.Empty(SmartJudgement.Problems(report));
        }
    }

    [Fact]
    public void A_drive_saying_passed_with_exit_0_but_remapping_sectors_has_problems()
    {
        var report = SmartctlParser.Parse(Testdata.Read("smartctl-sata-reallocated.json"))!;

        Assert.True(report.Passed);
        Assert.Equal(0, report.ExitStatus);
        Assert.Equal(["8 reallocated sectors", "2 pending sectors"], SmartJudgement.Problems(report));
    }

    [Fact]
    public void A_failing_nvme_reports_health_media_errors_and_critical_warning()
    {
        var report = SmartctlParser.Parse(Testdata.Read("smartctl-nvme-failing.json"))!;

        Assert.Equal(["SMART overall-health FAILED", "17 NVMe media errors", "NVMe critical warning 0x01"], SmartJudgement.Problems(report));
        Assert.Equal("S4EWNX0R123456", report.Serial);
    }

    [Fact]
    public void Text_output_is_not_a_report()
    {
        Assert.Null(SmartctlParser.Parse("smartctl 7.3 2022-02-28 r5338\n/dev/sda: Unknown USB bridge"));
    }
}
