using System.Text.Json;
using Vetting.Activities;
using Vetting.Protocol;
using Vetting.Server.Configuration;
using Vetting.Server.Runs;

namespace Vetting.Server.Reports;

/// <summary>Turns a run aggregate into report.json / report.html in its artifacts folder.</summary>
public sealed class RunReports(ReportWriter writer, PathOptions paths, ServerOptions server, HoldKeys holdKeys, TimeProvider clock)
{
    /// <summary>Writes both files and lists them among the run's artifacts.</summary>
    public async Task WriteAsync(Run run, CancellationToken cancellationToken)
    {
        var dir = paths.RunArtifactsDir(run.Id);
        await writer.WriteAsync(Build(run), dir, cancellationToken);
        foreach (var name in new[] { ReportWriter.JsonFileName, ReportWriter.HtmlFileName })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(dir, name), cancellationToken);
            ArtifactStore.Record(run, new RunArtifact
            {
                RunId = run.Id,
                Name = name,
                SizeBytes = bytes.Length,
                Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
                CreatedAt = clock.GetUtcNow(),
            });
        }
    }

    public RunReport Build(Run run)
    {
        var now = clock.GetUtcNow();
        return new RunReport
        {
            GeneratedAt = now,
            Verdict = RunVerdict.Of(run),
            Run = new ReportRun
            {
                Id = run.Id,
                State = run.State,
                Profile = run.Profile,
                CreatedAt = run.CreatedAt,
                StartedAt = run.StartedAt,
                EndedAt = run.EndedAt,
                DurationSeconds = run.StartedAt is { } s ? ((run.EndedAt ?? now) - s).TotalSeconds : null,
                Failure = run.FailureReason is null ? null : new ReportFailure { Stage = run.FailureStage, Reason = run.FailureReason, Message = run.FailureMessage ?? "" },
            },
            Host = new ReportHost { Id = run.Host.Id, Name = run.Host.Name, Mac = run.Host.Mac, WolBroadcast = run.Host.WolBroadcast },
            Workflow = new ReportWorkflow { DefinitionId = run.WorkflowDefinitionId, Version = run.WorkflowVersion ?? 0, InstanceId = run.WorkflowInstanceId },
            ExpectedSpec = string.IsNullOrWhiteSpace(run.ExpectedSpec) ? null : run.ExpectedSpec,
            Inventory = run.InventoryJson is null ? null : JsonSerializer.Deserialize(run.InventoryJson, ProtocolJsonContext.Default.Inventory),
            Stages = run.Stages.OrderBy(s => s.StartedAt).ThenBy(s => s.Id).Select(s => new ReportStage
            {
                Name = s.Name,
                Status = s.Status,
                Attempt = s.Attempt,
                StartedAt = s.StartedAt,
                EndedAt = s.EndedAt,
                DurationSeconds = s.EndedAt is { } e ? (e - s.StartedAt).TotalSeconds : null,
                Summary = s.Summary,
                Failure = s.FailureReason is null ? null : new ReportFailure { Stage = s.Name, Reason = s.FailureReason, Message = s.FailureMessage ?? "" },
            }).ToList(),
            SpecDiffs = run.SpecDiffs.Select(d => new ReportSpecDiff { Path = d.Path, Expected = d.Expected, Actual = d.Actual, Severity = d.Severity }).ToList(),
            Measurements = run.Measurements.OrderBy(m => m.Id).Select(m => new ReportMeasurement { Stage = m.Stage, Name = m.Name, Device = m.Device, Value = m.Value, Unit = m.Unit }).ToList(),
            Artifacts = run.Artifacts.Where(a => a.Name is not ("report.json" or "report.html")).OrderBy(a => a.Name)
                .Select(a => new ReportArtifact { Name = a.Name, SizeBytes = a.SizeBytes }).ToList(),
            Hold = run.State == RunStates.FailedHolding && holdKeys.SshCommand(run.Id, run.AgentIp) is { } ssh ? new ReportHold { Ip = run.AgentIp!, SshCommand = ssh } : null,
            RunUrl = $"{server.EffectivePublicUrl}/api/v1/runs/{run.Id}",
        };
    }
}
