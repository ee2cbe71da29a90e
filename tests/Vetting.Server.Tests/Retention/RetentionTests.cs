using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Data;
using Vetting.Server.Retention;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Retention;

public sealed class RetentionTests : IDisposable
{
    private readonly VettingApp _app = new(extraYaml: "artifacts:\n  retention_days: 90\nlogs:\n  retention_days: 30\n");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Old_artifact_and_log_files_are_deleted_and_new_ones_and_the_database_are_kept()
    {
        var client = _app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        await client.PostAsync($"/api/v1/runs/{runId}/cancel", null);
        await VettingApp.WaitForStateAsync(client, runId, "Cancelled");
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        var oldArtifact = Touch(Path.Combine(_app.DataDir, "artifacts", "run-900", "fio-sda.log"), now.AddDays(-91));
        var oldReport = Touch(Path.Combine(_app.DataDir, "artifacts", "run-902", "report.html"), now.AddDays(-400));
        var keptArtifact = Touch(Path.Combine(_app.DataDir, "artifacts", "run-901", "fio-sda.log"), now.AddDays(-89));
        var oldLog = Touch(Path.Combine(_app.Root, "logs", "run-900.log"), now.AddDays(-31));
        var keptLog = Touch(Path.Combine(_app.Root, "logs", "run-901.log"), now.AddDays(-29));
        var unrelated = Touch(Path.Combine(_app.Root, "logs", "notes.txt"), now.AddDays(-400));

        var result = _app.Service<RetentionService>().Prune();

        Assert.Equal((1, 1), (result.ArtifactFiles, result.LogFiles));
        Assert.False(File.Exists(oldArtifact));
        Assert.False(Directory.Exists(Path.GetDirectoryName(oldArtifact)));
        Assert.True(File.Exists(oldReport));
        Assert.True(File.Exists(keptArtifact));
        Assert.False(File.Exists(oldLog));
        Assert.True(File.Exists(keptLog));
        Assert.True(File.Exists(unrelated));
        Assert.True(File.Exists(Path.Combine(_app.DataDir, "artifacts", $"run-{runId}", "report.json")));
        var rows = await _app.InScopeAsync(sp => sp.GetRequiredService<VettingDbContext>().Runs.CountAsync());
        Assert.Equal(1, rows);
    }

    private static string Touch(string path, DateTime modified)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, modified);
        return path;
    }
}
