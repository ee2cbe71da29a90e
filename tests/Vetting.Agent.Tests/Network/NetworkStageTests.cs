using Vetting.Agent.Network;
using Vetting.Agent.Stages;
using Vetting.Agent.Tests.Support;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Network;

public sealed class NetworkStageTests
{
    private const string Parameters = """{"profile":"quick","durationSeconds":5,"iperf3Server":"10.77.0.1","iperf3Port":5201,"thresholds":{}}""";
    private const string Upload = "iperf3 -J -c 10.77.0.1 -p 5201 -t 5 --connect-timeout 5000";
    private const string Download = Upload + " -R";

    [Fact]
    public void Recorded_runs_give_throughput_per_direction()
    {
        var forward = IperfParser.Parse(Testdata.Read("iperf-forward.json"))!;
        var reverse = IperfParser.Parse(Testdata.Read("iperf-reverse.json"))!;

        Assert.Null(forward.Error);
        Assert.Equal(25174.2, forward.ReceivedMbps!.Value, 0.1);
        Assert.False(forward.Reverse);
        Assert.True(reverse.Reverse);
    }

    [Fact]
    public void Connection_refused_is_an_error_in_the_json_of_an_exit_0_run()
    {
        var report = IperfParser.Parse(Testdata.Read("iperf-refused.json"))!;

        Assert.Equal("unable to connect to server: Connection refused", report.Error);
        Assert.Null(report.ReceivedBitsPerSecond);
    }

    [Fact]
    public void Route_get_names_the_interface_towards_the_server()
    {
        Assert.Equal(("eth0", "192.0.2.2"), RouteParser.Parse(Testdata.Read("ip-route-get.json")));
    }

    [Fact]
    public async Task A_10g_link_at_line_rate_passes_with_both_directions_measured()
    {
        var (tools, files) = Server(Rate(9400), Rate(9300));

        var outcome = await RunAsync(tools, files, Parameters);

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Equal("eno1: up 9400 Mbit/s, down 9300 Mbit/s (expected ≥ 80% of 10000 Mbit/s = 8000 Mbit/s, the default) (eno2 has no link)", outcome.Result.Summary);
        Assert.Equal(["link_speed", "throughput_tx", "throughput_rx", "throughput_required"], outcome.Result.Measurements.Select(m => m.Name));
        Assert.Equal(["iperf-eno1.json", "iperf-eno1-reverse.json"], outcome.Artifacts.Select(a => a.Name));
        Assert.Equal(["ip -j link", "ip -j route get 10.77.0.1", Upload, Download], tools.Calls);
    }

    [Fact]
    public async Task Throughput_below_the_percentage_of_link_speed_fails()
    {
        var (tools, files) = Server(Rate(9400), Rate(3100));

        var result = (await RunAsync(tools, files, Parameters.Replace("{}", """{"min_throughput_pct":90}""", StringComparison.Ordinal))).Result;

        Assert.Equal(FailureReasons.Throughput, result.Failure!.Reason);
        Assert.Equal("eno1 reached 3100 Mbit/s, below 90% of its 10000 Mbit/s link (9000; thresholds.network.min_throughput_pct)", result.Failure.Message);
    }

    [Fact]
    public async Task A_link_slower_than_the_spec_fails_with_link_speed()
    {
        var (tools, files) = Server(Rate(940), Rate(930));
        files.File("/sys/class/net/eno1/speed", "1000\n");

        var result = (await RunAsync(tools, files, Parameters.Replace("{}", """{"min_link_speed_mbps":10000}""", StringComparison.Ordinal))).Result;

        Assert.Equal(FailureReasons.LinkSpeed, result.Failure!.Reason);
        Assert.Equal("eno1 linked at 1000 Mbit/s, expected at least 10000", result.Failure.Message);
    }

    [Fact]
    public async Task An_iperf_error_in_json_is_not_a_pass_even_with_exit_code_0()
    {
        var (tools, files) = Server(Testdata.Read("iperf-refused.json"), Rate(1));

        var outcome = await RunAsync(tools, files, Parameters);

        Assert.Equal(StageStatuses.Error, outcome.Result.Status);
        Assert.Equal(FailureReasons.ToolFailed, outcome.Result.Failure!.Reason);
        Assert.Equal("iperf3 to 10.77.0.1:5201 via eno1 failed: unable to connect to server: Connection refused", outcome.Result.Failure.Message);
        Assert.Equal("iperf-eno1.json", Assert.Single(outcome.Artifacts).Name);
    }

    [Fact]
    public async Task A_busy_server_in_the_reverse_run_is_reported()
    {
        var (tools, files) = Server(Rate(9400), Testdata.Read("iperf-busy.json"));

        var result = (await RunAsync(tools, files, Parameters)).Result;

        Assert.Contains("the server is busy running a test", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_link_speed_is_said_and_not_judged_without_an_absolute_threshold()
    {
        var (tools, files) = DevelopmentVm();

        var outcome = await RunAsync(tools, files, Parameters);

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Contains("eth0 reports no link speed (virtual NIC?) and the spec sets no min_throughput_mbps for it: throughput not judged", outcome.Result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_link_speed_is_judged_against_an_absolute_threshold_when_given()
    {
        var (tools, files) = DevelopmentVm();

        var result = (await RunAsync(tools, files, Parameters.Replace("{}", """{"min_throughput_mbps":30000}""", StringComparison.Ordinal))).Result;

        Assert.Equal(FailureReasons.Throughput, result.Failure!.Reason);
        Assert.StartsWith("eth0 reached 25174 Mbit/s, below 30000 Mbit/s", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nic_entry_applies_to_its_own_mac_only_and_overrides_only_the_names_it_sets()
    {
        var (tools, files) = Server(Rate(668), Rate(702));
        var parameters = Parameters.Replace("\"thresholds\":{}", """
            "thresholds":{"min_throughput_pct":95},"nicThresholds":[
              {"mac":"ac:1f:6b:00:00:02","source":"nics[0]","thresholds":{"min_throughput_mbps":5000}},
              {"mac":"ac:1f:6b:00:00:01","source":"nics[1]","thresholds":{"min_throughput_mbps":200}}]
            """, StringComparison.Ordinal);

        var result = (await RunAsync(tools, files, parameters)).Result;

        // eno2's 5000 Mbit/s is not eno1's; eno1's entry sets only a minimum (met), so the stage-wide 95% still holds.
        Assert.Equal(FailureReasons.Throughput, result.Failure!.Reason);
        Assert.Equal("eno1 reached 668 Mbit/s, below 95% of its 10000 Mbit/s link (9500; thresholds.network.min_throughput_pct)", result.Failure.Message);
    }

    [Fact]
    public async Task A_nic_entry_minimum_alone_replaces_the_default_ratio_and_the_summary_names_it()
    {
        var (tools, files) = Server(Rate(668), Rate(702));
        var parameters = Parameters.Replace("\"thresholds\":{}", """
            "thresholds":{},"nicThresholds":[{"mac":"ac:1f:6b:00:00:01","source":"nics[1]","thresholds":{"min_throughput_mbps":200}}]
            """, StringComparison.Ordinal);

        var outcome = await RunAsync(tools, files, parameters);

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Equal("eno1: up 668 Mbit/s, down 702 Mbit/s (expected ≥ 200 Mbit/s, nics[1].min_throughput_mbps) (eno2 has no link)", outcome.Result.Summary);
        Assert.Contains(outcome.Result.Measurements, m => m is { Name: "throughput_required", Value: 200, Device: "eno1" });
    }

    [Fact]
    public async Task A_nic_below_its_own_minimum_fails_on_throughput_naming_the_spec_entry()
    {
        var (tools, files) = Server(Rate(150), Rate(702));
        var parameters = Parameters.Replace("\"thresholds\":{}", """
            "thresholds":{"min_throughput_mbps":100},"nicThresholds":[{"mac":"AC:1F:6B:00:00:01","source":"nics[0]","thresholds":{"min_throughput_mbps":200}}]
            """, StringComparison.Ordinal);

        var result = (await RunAsync(tools, files, parameters)).Result;

        Assert.Equal(FailureReasons.Throughput, result.Failure!.Reason);
        Assert.Equal("eno1 reached 150 Mbit/s, below 200 Mbit/s (nics[0].min_throughput_mbps)", result.Failure.Message);
    }

    [Fact]
    public async Task A_ratio_and_a_minimum_together_must_both_be_met()
    {
        var (tools, files) = Server(Rate(7000), Rate(7100));
        var parameters = Parameters.Replace("{}", """{"min_throughput_pct":50,"min_throughput_mbps":7500}""", StringComparison.Ordinal);

        var result = (await RunAsync(tools, files, parameters)).Result;

        Assert.Equal(FailureReasons.Throughput, result.Failure!.Reason);
        Assert.Equal("eno1 reached 7000 Mbit/s, below 7500 Mbit/s (thresholds.network.min_throughput_mbps)", result.Failure.Message);
    }

    [Fact]
    public async Task A_route_over_a_vlan_or_loopback_is_still_measured_with_its_own_speed_if_any()
    {
        var (tools, files) = Machines.Server();
        tools.On("ip -j route get 10.77.0.1", """[{"dst":"10.77.0.1","dev":"eno1.100","prefsrc":"10.77.0.50"}]""")
            .On(Upload, Rate(9400)).On(Download, Rate(9300));
        files.File("/sys/class/net/eno1.100/speed", "10000\n");

        var outcome = await RunAsync(tools, files, Parameters);

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.StartsWith("eno1.100: up 9400 Mbit/s, down 9300 Mbit/s (expected ≥ 80% of 10000 Mbit/s = 8000 Mbit/s, the default)", outcome.Result.Summary, StringComparison.Ordinal);
        Assert.Equal(["iperf-eno1.100.json", "iperf-eno1.100-reverse.json"], outcome.Artifacts.Select(a => a.Name));
    }

    [Fact]
    public async Task No_link_anywhere_fails_with_link_down()
    {
        var (tools, files) = Server(Rate(1), Rate(1));
        files.File("/sys/class/net/eno1/carrier", "0\n");

        var result = (await RunAsync(tools, files, Parameters)).Result;

        Assert.Equal((FailureReasons.LinkDown, "no link on eno1, eno2"), (result.Failure!.Reason, result.Failure.Message));
    }

    [Fact]
    public async Task Missing_iperf3_is_tool_missing()
    {
        var (tools, files) = Machines.Server();
        tools.On("ip -j route get 10.77.0.1", """[{"dst":"10.77.0.1","dev":"eno1","prefsrc":"10.77.0.50"}]""");

        var result = (await RunAsync(tools, files, Parameters)).Result;

        Assert.Equal(FailureReasons.ToolMissing, result.Failure!.Reason);
    }

    private static Task<StageOutcome> RunAsync(IToolRunner tools, FakeSystemFiles files, string parameters) =>
        new NetworkStage().RunAsync(Contexts.For(tools, files, parameters), CancellationToken.None);

    /// <summary>The recorded forward run with its received rate set to <paramref name="mbps"/>.</summary>
    private static string Rate(double mbps) => Testdata.Read("iperf-forward.json")
        .Replace("25174220299.715122", (mbps * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static (FakeToolRunner, FakeSystemFiles) Server(string upload, string download)
    {
        var (tools, files) = Machines.Server();
        tools.On("ip -j route get 10.77.0.1", """[{"dst":"10.77.0.1","dev":"eno1","prefsrc":"10.77.0.50","flags":[],"uid":0,"cache":[]}]""")
            .On(Upload, upload).On(Download, download);
        return (tools, files);
    }

    private static (FakeToolRunner, FakeSystemFiles) DevelopmentVm()
    {
        var (tools, files) = Machines.DevelopmentVm();
        tools.On("ip -j route get 10.77.0.1", Testdata.Read("ip-route-get.json"))
            .On(Upload, Testdata.Read("iperf-forward.json")).On(Download, Testdata.Read("iperf-reverse.json"));
        return (tools, files);
    }
}
