using Vetting.Protocol.Hardware;
using Vetting.Server.Reports;
using static Vetting.Server.Tests.Reports.HtmlProbe;

namespace Vetting.Server.Tests.Reports;

public sealed class ReportHtmlTests
{
    private const StringComparison Ordinal = StringComparison.Ordinal;

    [Fact]
    public void The_verdict_banner_comes_first_with_host_run_profile_duration_and_time()
    {
        var body = Body(ReportWriter.RenderHtml(ReportSamples.HeldStorageFailure()));

        var banner = body[..body.IndexOf("</header>", Ordinal)];
        Assert.StartsWith("<body>\n<main>\n<header class=\"banner failed\">", body, Ordinal);
        Assert.Contains(">FAILED</div>", banner, Ordinal);
        Assert.Contains("pve-node-03", banner, Ordinal);
        Assert.Contains("#42", banner, Ordinal);
        Assert.Contains("standard", banner, Ordinal);
        Assert.Contains("42 min 07 s", banner, Ordinal);
        Assert.Contains("2026-04-17 21:44:18 UTC", banner, Ordinal);
    }

    [Theory]
    [InlineData(ReportVerdicts.Passed, "banner passed", "PASSED")]
    [InlineData(ReportVerdicts.Cancelled, "banner other", "CANCELLED")]
    public void Each_verdict_has_its_own_banner(string verdict, string banner, string word)
    {
        var html = ReportWriter.RenderHtml(ReportSamples.CancelledInQueue() with { Verdict = verdict });

        Assert.Contains($"<header class=\"{banner}\">\n<div class=\"verdict\">{word}</div>", html, Ordinal);
        Assert.Contains($"<title>{word}: qemu-test, run #7</title>", html, Ordinal);
    }

    [Fact]
    public void The_failure_and_the_hold_command_follow_the_banner()
    {
        var html = ReportWriter.RenderHtml(ReportSamples.HeldStorageFailure());

        var failure = html.IndexOf("<h2>Failure</h2>", Ordinal);
        var hold = html.IndexOf("<pre>ssh -i /var/lib/vetting/holds/run-42 -o StrictHostKeyChecking=no root@10.77.0.101</pre>", Ordinal);
        Assert.InRange(failure, html.IndexOf("</header>", Ordinal), hold);
        Assert.InRange(hold, failure, html.IndexOf("<h2>Stages</h2>", Ordinal));
        Assert.Contains("<b>Stage storage</b>: <code>wipe-probe-refused</code>", html, Ordinal);
    }

    [Fact]
    public void A_passed_run_has_no_failure_or_hold_panel()
    {
        var report = ReportSamples.HeldStorageFailure() with { Verdict = ReportVerdicts.Passed, Hold = null };
        report = report with { Run = report.Run with { Failure = null } };

        var html = ReportWriter.RenderHtml(report);

        Assert.DoesNotContain("<h2>Failure</h2>", html, Ordinal);
        Assert.DoesNotContain("Node held", html, Ordinal);
    }

    [Fact]
    public void Stage_rows_show_status_attempt_duration_summary_and_failure()
    {
        var report = ReportSamples.HeldStorageFailure();
        report = report with { Stages = [.. report.Stages.Select(s => s.Name == "storage" ? s with { Attempt = 2 } : s)] };

        var html = ReportWriter.RenderHtml(report);

        Assert.Contains(
            "<tr><td class=\"nowrap\"><b>storage</b></td><td><span class=\"badge bad\">failed</span></td><td class=\"num\" data-label=\"Attempt\">2</td><td class=\"num\" data-label=\"Duration\">6 min 52 s</td>",
            html, Ordinal);
        Assert.Contains("smart OK on 2 disks; fio read 3412 MB/s, 198 MB/s<div class=\"failure\"><code>wipe-probe-refused</code>: sdb has a GPT partition table", html, Ordinal);
        Assert.Contains("<span class=\"badge neutral\">skipped</span></td><td class=\"num\" data-label=\"Attempt\">1</td><td class=\"num\" data-label=\"Duration\">—</td>", html, Ordinal);
    }

    [Fact]
    public void Hostile_strings_are_escaped_everywhere()
    {
        const string Hostile = "<script>alert(\"x\")</script>'";
        const string Escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;";
        var sample = ReportSamples.HeldStorageFailure();
        var report = sample with
        {
            Verdict = Hostile,
            Host = sample.Host with { Name = Hostile },
            Run = sample.Run with { Profile = Hostile, Failure = sample.Run.Failure! with { Message = Hostile } },
            Workflow = sample.Workflow with { DefinitionId = Hostile },
            ExpectedSpec = Hostile,
            Inventory = sample.Inventory! with { Cpu = new CpuInfo { Model = Hostile }, Disks = [new DiskInfo { Name = Hostile }] },
            Stages = [new ReportStage { Name = Hostile, Status = Hostile, Summary = Hostile }],
            SpecDiffs = [new ReportSpecDiff { Path = Hostile, Expected = Hostile, Actual = Hostile, Severity = Hostile }],
            Measurements = [new ReportMeasurement { Stage = Hostile, Name = Hostile, Device = Hostile, Value = 1, Unit = Hostile }],
            Artifacts = [new ReportArtifact { Name = "\"><img src=x onerror=alert(1)>", SizeBytes = 1 }],
            Hold = new ReportHold { Ip = Hostile, SshCommand = Hostile },
            RunUrl = "javascript:alert(1)",
        };

        var html = ReportWriter.RenderHtml(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, Ordinal);
        Assert.Contains($"<div class=\"host\">{Escaped}</div>", html, Ordinal);
        Assert.Contains($"<span class=\"badge neutral\">{Escaped}</span>", html, Ordinal);
        Assert.Contains($"aria-label=\"{Escaped} ({Escaped})\"", html, Ordinal);
        Assert.Contains($"<pre>{Escaped}</pre>", html, Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td>", html, Ordinal);
    }

    [Fact]
    public void The_page_loads_nothing_and_runs_nothing()
    {
        var html = ReportWriter.RenderHtml(ReportSamples.HeldStorageFailure());

        Assert.Contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"", html, Ordinal);
        Assert.DoesNotContain("<script", html, Ordinal);
        Assert.DoesNotContain("<link", html, Ordinal);
        Assert.DoesNotContain(" src=", html, Ordinal);
        Assert.DoesNotContain("url(", html, Ordinal);
        Assert.DoesNotContain("@import", html, Ordinal);
    }

    [Fact]
    public void Spec_diffs_are_listed_failing_first_with_their_severity()
    {
        var report = ReportSamples.HeldStorageFailure() with
        {
            SpecDiffs =
            [
                new ReportSpecDiff { Path = "bios.version", Expected = "3.5", Actual = "3.4", Severity = "warn" },
                new ReportSpecDiff { Path = "disks[0]", Expected = "count 2 of model Samsung SSD 970*", Actual = "1 matching", Severity = "fail" },
            ],
        };

        var html = ReportWriter.RenderHtml(report);

        var fail = html.IndexOf("<tr class=\"fail\"><td class=\"mono wide\">disks[0]</td><td data-label=\"Expected\">count 2 of model Samsung SSD 970*</td><td data-label=\"Actual\">1 matching</td><td><span class=\"badge bad\">fail</span>", Ordinal);
        var warn = html.IndexOf("<tr class=\"warn\"><td class=\"mono wide\">bios.version</td>", Ordinal);
        Assert.InRange(fail, 0, warn);
        Assert.Contains("2 differences, 1 failing.", html, Ordinal);
        Assert.DoesNotContain("matches the expected spec", html, Ordinal);
    }

    [Fact]
    public void No_diffs_reads_as_a_match_only_when_there_was_something_to_compare()
    {
        var matching = ReportSamples.HeldStorageFailure() with { SpecDiffs = [] };

        Assert.Contains("The inventory matches the expected spec.", ReportWriter.RenderHtml(matching), Ordinal);
        Assert.Contains("No inventory was collected, so the expected spec was not compared.", ReportWriter.RenderHtml(matching with { Inventory = null }), Ordinal);
        Assert.Contains("No expected spec was registered for this host", ReportWriter.RenderHtml(matching with { ExpectedSpec = null }), Ordinal);
        Assert.DoesNotContain("matches", ReportWriter.RenderHtml(matching with { ExpectedSpec = null }), Ordinal);
    }

    [Fact]
    public void Inventory_summary_shows_system_cpu_memory_and_devices()
    {
        var html = ReportWriter.RenderHtml(ReportSamples.HeldStorageFailure());

        Assert.Contains("<dt>BIOS version</dt><dd>3.4</dd>", html, Ordinal);
        Assert.Contains("<dt>Model</dt><dd>Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz</dd>", html, Ordinal);
        Assert.Contains("<dt>Logical cores</dt><dd>20</dd>", html, Ordinal);
        Assert.Contains("<dt>Installed</dt><dd>64 GiB</dd>", html, Ordinal);
        Assert.Contains("<dt>Usable</dt><dd>62.6 GiB</dd>", html, Ordinal);
        Assert.Contains("<dt>ECC</dt><dd>yes</dd>", html, Ordinal);
        Assert.Contains("<dt>DIMMs</dt><dd>2 populated slots</dd>", html, Ordinal);
        Assert.Contains("<td data-label=\"Name\">sdb</td><td data-label=\"Model\">ST4000NM0035-1V4107</td><td data-label=\"Serial / WWN\">ZC1A2B3C / 0x5000c500a1b2c3d4</td><td class=\"num\" data-label=\"Size\">4 TB</td><td data-label=\"Kind\">HDD · sata</td>", html, Ordinal);
        Assert.Contains("<td data-label=\"Link\">up</td><td class=\"num\" data-label=\"Speed\">10 Gb/s</td>", html, Ordinal);
        Assert.Contains("<td data-label=\"Link\">down</td><td class=\"num\" data-label=\"Speed\">—</td>", html, Ordinal);
        Assert.Contains("<h3>GPUs</h3>\n<p class=\"note\">None found.</p>", html, Ordinal);
    }

    [Fact]
    public void Unknown_inventory_values_say_unknown()
    {
        const string Unknown = "<span class=\"unknown\">unknown</span>";
        var report = ReportSamples.HeldStorageFailure() with
        {
            Inventory = new Inventory { Cpu = new CpuInfo { LogicalCores = 4 }, Disks = [new DiskInfo { Name = "vda" }] },
        };

        var html = ReportWriter.RenderHtml(report);

        Assert.Contains($"<dt>Model</dt><dd>{Unknown}</dd>", html, Ordinal);
        Assert.Contains($"<dt>Installed</dt><dd>{Unknown}</dd>", html, Ordinal);
        Assert.Contains($"<dt>ECC</dt><dd>{Unknown}</dd>", html, Ordinal);
        Assert.Contains($"<td data-label=\"Name\">vda</td><td data-label=\"Model\">{Unknown}</td>", html, Ordinal);
        Assert.Contains($"<h3>Network interfaces</h3>\n<p>{Unknown}: the probe did not report them.</p>", html, Ordinal);
    }

    [Fact]
    public void An_empty_report_says_what_is_missing()
    {
        var html = ReportWriter.RenderHtml(ReportSamples.CancelledInQueue());

        Assert.Contains("No stage was started.", html, Ordinal);
        Assert.Contains("No inventory was collected.", html, Ordinal);
        Assert.Contains("No artifacts were stored.", html, Ordinal);
        Assert.Contains("Created <b>2026-04-17 20:57:11 UTC</b>", html, Ordinal);
        Assert.Contains("Duration <b><span class=\"unknown\">unknown</span></b>", html, Ordinal);
        Assert.DoesNotContain("<table", html, Ordinal);
    }

    [Fact]
    public void Artifacts_link_to_the_files_beside_the_report()
    {
        var html = ReportWriter.RenderHtml(ReportSamples.HeldStorageFailure());

        Assert.Contains("<a href=\"fio-nvme0n1.log\">fio-nvme0n1.log</a></td><td class=\"num\">239 KiB</td>", html, Ordinal);
        Assert.Contains("<a href=\"hold-42.pub\">hold-42.pub</a></td><td class=\"num\">98 B</td>", html, Ordinal);
        Assert.True(html.IndexOf("fio-nvme0n1.log", Ordinal) < html.IndexOf("inventory.json</a>", Ordinal), "artifacts are listed by name");
    }

    [Fact]
    public void A_name_that_could_leave_the_run_folder_is_not_a_link()
    {
        var report = ReportSamples.CancelledInQueue() with { Artifacts = [new ReportArtifact { Name = "../../etc/passwd", SizeBytes = 10 }] };

        var html = ReportWriter.RenderHtml(report);

        Assert.Contains("<td class=\"mono\">../../etc/passwd</td>", html, Ordinal);
        Assert.DoesNotContain("href=\"..", html, Ordinal);
    }

    [Fact]
    public void Workflow_and_generation_time_are_recorded()
    {
        var html = ReportWriter.RenderHtml(ReportSamples.HeldStorageFailure());

        Assert.Contains("<dt>Definition</dt><dd>vetting</dd>\n<dt>Version</dt><dd>4</dd>\n<dt>Instance</dt><dd>0f9c2b7e4a1d4c3e9b8a7f6e5d4c3b2a</dd>", html, Ordinal);
        Assert.Contains("<footer>\n<p>Generated 2026-04-17 21:45:11 UTC by Vetting", html, Ordinal);
        Assert.Contains("<a href=\"report.json\">report.json</a>", html, Ordinal);
        Assert.Contains("<a href=\"http://vetting.lan:8080/runs/42\">", html, Ordinal);
    }
}
