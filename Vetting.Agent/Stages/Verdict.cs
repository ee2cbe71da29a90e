using Vetting.Protocol;

namespace Vetting.Agent.Stages;

/// <summary>
/// Accumulates what a stage found and turns it into a result: the first hardware problem recorded names the
/// failure reason (stages record the most serious first), every problem and note goes into the summary.
/// </summary>
public sealed class Verdict
{
    private readonly List<(string Reason, string Message)> _problems = [];
    private readonly List<string> _notes = [];
    private readonly List<Measurement> _measurements = [];

    public bool Failed => _problems.Count > 0;

    public IReadOnlyList<(string Reason, string Message)> Problems => _problems;

    public void Fail(string reason, string message) => _problems.Add((reason, message));

    /// <summary>Something the operator should read that does not fail the stage (an unknown link speed, a skipped disk).</summary>
    public void Note(string text) => _notes.Add(text);

    public void Measure(string name, double value, string unit, string? device = null) =>
        _measurements.Add(new Measurement { Name = name, Value = Math.Round(value, 3), Unit = unit, Device = device });

    /// <param name="passedSummary">The summary's lead when nothing failed, e.g. "3 stressors, 1668 bogo ops/s".</param>
    public StageResult ToResult(string passedSummary)
    {
        var lead = _problems.Count == 0 ? passedSummary : string.Join("; ", _problems.Select(p => p.Message));
        var summary = _notes.Count == 0 ? lead : $"{lead} ({string.Join("; ", _notes)})";
        return new StageResult
        {
            Status = _problems.Count == 0 ? StageStatuses.Passed : StageStatuses.Failed,
            Summary = summary,
            Measurements = [.. _measurements],
            Failure = _problems.Count == 0 ? null : new StageFailure
            {
                Reason = _problems[0].Reason,
                Message = string.Join("; ", _problems.Where(p => p.Reason == _problems[0].Reason).Select(p => p.Message)),
            },
        };
    }
}
