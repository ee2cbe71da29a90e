namespace Vetting.Server.Runs;

internal static class RunMapping
{
    public static RunSummaryDto ToSummary(this Run run) => new(run.Id, run.HostId, run.Host.Name, run.State, run.Profile,
        run.CreatedAt, run.StartedAt, run.EndedAt, run.Failure(), run.Verdict(), run.Site);

    public static RunDto ToDto(this Run run, HoldKeys keys, IReadOnlyList<Notifications.NotificationDelivery> deliveries) => new(
        run.Id, run.HostId, run.Host.Name, run.State, run.Profile, run.CreatedAt, run.StartedAt, run.EndedAt,
        new WorkflowRefDto(run.WorkflowDefinitionId, run.WorkflowVersion, run.WorkflowInstanceId),
        run.Stages.OrderBy(s => s.StartedAt).ThenBy(s => s.Id)
            .Select(s => new StageDto(s.Name, s.Status, s.Attempt, s.StartedAt, s.EndedAt, s.Summary,
                s.FailureReason is null ? null : new FailureDto(s.Name, s.FailureReason, s.FailureMessage ?? "")))
            .ToList(),
        run.SpecDiffs.Select(d => new SpecDiffDto(d.Path, d.Expected, d.Actual, d.Severity)).ToList(),
        run.Measurements.OrderBy(m => m.Id).Select(m => new MeasurementDto(m.Stage, m.Name, m.Device, m.Value, m.Unit)).ToList(),
        run.HoldPublicKey is null || run.State != Vetting.Activities.RunStates.FailedHolding
            ? null
            : new HoldDto(run.AgentIp, keys.SshCommand(run.Id, run.AgentIp), run.HoldPublicKey),
        run.Failure(),
        run.AgentSeenAt is null ? null : new AgentDto(run.AgentHostname, run.AgentIp, run.AgentBootId, run.AgentVersion, run.AgentSeenAt),
        run.ReportWrittenAt is not null,
        run.Verdict(),
        [.. deliveries.Select(d => new NotificationDeliveryDto(d.Event, d.Notifier, d.Status, d.Attempts,
            d.Status == Notifications.DeliveryStatus.Pending ? d.DueAt : null, d.SentAt, d.LastError))],
        run.Site);

    public static string? Verdict(this Run run) =>
        Vetting.Activities.RunStates.IsTerminal(run.State) || run.State == Vetting.Activities.RunStates.FailedHolding ? RunVerdict.Of(run) : null;

    public static FailureDto? Failure(this Run run) =>
        run.FailureReason is null ? null : new FailureDto(run.FailureStage, run.FailureReason, run.FailureMessage ?? "");
}
