using Vetting.Server.Reports;

namespace Vetting.Server.Tests.Reports;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vetting-report-{Guid.NewGuid():N}", "run-42");

    [Fact]
    public async Task Writes_both_files_and_nothing_else()
    {
        var report = ReportSamples.HeldStorageFailure();

        await new ReportWriter().WriteAsync(report, _dir, TestContext.Current.CancellationToken);

        Assert.Equal(["report.html", "report.json"], Files());
        Assert.Equal(ReportWriter.RenderJson(report), await File.ReadAllTextAsync(Path.Combine(_dir, "report.json"), TestContext.Current.CancellationToken));
        Assert.Equal(ReportWriter.RenderHtml(report), await File.ReadAllTextAsync(Path.Combine(_dir, "report.html"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Files_are_utf8_without_a_byte_order_mark()
    {
        await new ReportWriter().WriteAsync(ReportSamples.HeldStorageFailure(), _dir, TestContext.Current.CancellationToken);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_dir, "report.json"), TestContext.Current.CancellationToken);
        Assert.Equal((byte)'{', bytes[0]);
    }

    [Fact]
    public async Task Rewriting_replaces_the_report_and_keeps_the_artifacts()
    {
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(Path.Combine(_dir, "fio-nvme0n1.log"), "fio output", TestContext.Current.CancellationToken);
        var writer = new ReportWriter();
        await writer.WriteAsync(ReportSamples.CancelledInQueue(), _dir, TestContext.Current.CancellationToken);

        await writer.WriteAsync(ReportSamples.HeldStorageFailure(), _dir, TestContext.Current.CancellationToken);

        Assert.Equal(["fio-nvme0n1.log", "report.html", "report.json"], Files());
        Assert.Contains("pve-node-03", await File.ReadAllTextAsync(Path.Combine(_dir, "report.html"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_write_leaves_no_temp_file_and_the_old_report_intact()
    {
        var writer = new ReportWriter();
        await writer.WriteAsync(ReportSamples.CancelledInQueue(), _dir, TestContext.Current.CancellationToken);
        var before = await File.ReadAllTextAsync(Path.Combine(_dir, "report.json"), TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => writer.WriteAsync(ReportSamples.HeldStorageFailure(), _dir, new CancellationToken(canceled: true)));

        Assert.Equal(["report.html", "report.json"], Files());
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_dir, "report.json"), TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_dir)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // Hidden files included: the temp files are dot-files.
    private string[] Files() =>
        [.. Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
