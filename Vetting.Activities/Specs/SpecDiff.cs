namespace Vetting.Activities.Specs;

/// <summary>
/// One way the inventory differs from the expected spec, e.g.
/// <c>{path: "cpu.logical_cores", expected: "20", actual: "16", severity: "fail"}</c>.
/// Texts are for operators; <see cref="Actual"/> is "unknown" when the agent could not tell.
/// </summary>
public sealed record SpecDiff(string Path, string Expected, string Actual, string Severity);
