using Vetting.Protocol;

namespace Vetting.Agent.Stages;

/// <summary>
/// Accumulates what a stage found and turns it into a result: the first hardware problem recorded names the
/// failure reason (stages record the most serious first), every problem and note goes into the summary.
/// </summary>
public sealed class Verdict
{
    private readonly List<(string Reason, string Message)> problems = [];
    private readonly List<string> notes = [];
    private readonly List<Measurement> measurements = [];

    public bool Failed => problems.Count > 0;

    public IReadOnlyList<(string Reason, string Message)> Problems => problems;

    public void Fail(string reason, string message) => problems.Add((reason, message));

    /// <summary>Something the operator should read that does not fail the stage (an unknown link speed, a skipped disk).</summary>
    public void Note(string text) => notes.Add(text);

    public void Measure(string name, double value, string unit, string? device = null) =>
        measurements.Add(new Measurement { Name = name, Value = Math.Round(value, 3), Unit = unit, Device = device });

    /// <param name="passedSummary">The summary's lead when nothing failed, e.g. "3 stressors, 1668 bogo ops/s".</param>
    public StageResult ToResult(string passedSummary)
    {
        var lead = problems.Count == 0 ? passedSummary : string.Join("; ", problems.Select(p => p.Message));
        var summary = notes.Count == 0 ? lead : $"{lead} ({string.Join("; ", notes)})";
        return new StageResult
        {
            Status = problems.Count == 0 ? StageStatuses.Passed : StageStatuses.Failed,
            Summary = summary,
            Measurements = [.. measurements],
            Failure = problems.Count == 0 ? null : new StageFailure
            {
                Reason = problems[0].Reason,
                Message = string.Join("; ", problems.Where(p => p.Reason == problems[0].Reason).Select(p => p.Message)),
            },
        };
    }
}
