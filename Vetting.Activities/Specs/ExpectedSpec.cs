namespace Vetting.Activities.Specs;

/// <summary>A parsed, valid expected spec: the checks for the inventory and the stage thresholds.</summary>
public sealed class ExpectedSpec
{
    private static readonly IReadOnlyDictionary<string, double> NoThresholds = new Dictionary<string, double>();

    internal ExpectedSpec(IReadOnlyList<SpecExpectation> expectations, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> thresholds,
        IReadOnlyList<SpecDiff>? ignored = null, IReadOnlyList<DeviceThreshold>? deviceThresholds = null)
    {
        Expectations = expectations;
        Thresholds = thresholds;
        Ignored = ignored ?? [];
        DeviceThresholds = deviceThresholds ?? [];
    }

    /// <summary>A spec that checks nothing (an empty document).</summary>
    public static ExpectedSpec Empty { get; } = new([], new Dictionary<string, IReadOnlyDictionary<string, double>>());

    /// <summary>
    /// Parts of a stored spec that were skipped (a threshold name no stage reads, saved before such names were
    /// refused), as <c>warn</c> diffs for the run's report. Always empty unless parsed with <c>ignoreUnknownThresholds</c>.
    /// </summary>
    public IReadOnlyList<SpecDiff> Ignored { get; }

    public IReadOnlyList<SpecExpectation> Expectations { get; }

    /// <summary>
    /// Stage (<c>cpu</c>, <c>memory</c>, <c>storage</c>, <c>network</c>) → snake_case name → value, only for
    /// stages the spec mentions; merged by the server into that stage's instruction parameters.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Thresholds { get; }

    /// <summary>Thresholds set on device-list entries (<c>nics[i]</c>), in spec order.</summary>
    public IReadOnlyList<DeviceThreshold> DeviceThresholds { get; }

    /// <summary>The thresholds of one stage, empty when the spec sets none.</summary>
    public IReadOnlyDictionary<string, double> ThresholdsFor(string stage) =>
        Thresholds.TryGetValue(stage, out var thresholds) ? thresholds : NoThresholds;
}
