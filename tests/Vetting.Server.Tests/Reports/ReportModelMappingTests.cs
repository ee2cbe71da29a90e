using Vetting.Activities.Specs;
using Vetting.Protocol;
using Vetting.Server.Reports;

namespace Vetting.Server.Tests.Reports;

public sealed class ReportModelMappingTests
{
    [Fact]
    public void Agent_results_and_spec_diffs_map_field_for_field()
    {
        var measurement = ReportMeasurement.From("storage", new Measurement { Name = "seq_read", Device = "sdb", Value = 198.2, Unit = "MB/s" });
        var failure = ReportFailure.From("storage", new StageFailure { Reason = FailureReasons.SmartFailed, Message = "sdb: reallocated sectors 812" });
        var diff = ReportSpecDiff.From(new SpecDiff("cpu.logical_cores", "20", "16", SpecSeverity.Fail));

        Assert.Equal(new ReportMeasurement { Stage = "storage", Name = "seq_read", Device = "sdb", Value = 198.2, Unit = "MB/s" }, measurement);
        Assert.Equal(new ReportFailure { Stage = "storage", Reason = "smart-failed", Message = "sdb: reallocated sectors 812" }, failure);
        Assert.Equal(new ReportSpecDiff { Path = "cpu.logical_cores", Expected = "20", Actual = "16", Severity = "fail" }, diff);
    }
}
