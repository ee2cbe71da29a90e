using System.Text.Json;
using Vetting.Activities.Ports;
using Vetting.Activities.Specs;
using Vetting.Protocol;

namespace Vetting.Server.Runs;

/// <summary>The run's inventory against the expected spec it was started with: diffs stored, a <c>fail</c> diff fails the run.</summary>
public sealed class SpecCheck(RunLifecycle lifecycle, RunLog log)
{
    /// <summary>True when no diff has severity <c>fail</c>.</summary>
    public async Task<bool> CompareAsync(Run run, CancellationToken cancellationToken)
    {
        var inventory = run.InventoryJson is null ? null : JsonSerializer.Deserialize(run.InventoryJson, ProtocolJsonContext.Default.Inventory);
        run.SpecDiffs.Clear();
        if (inventory is null)
        {
            await lifecycle.FailAsync(run, new RunFailure(StageNames.Inventory, "no-inventory", "the inventory stage reported no inventory to compare"), cancellationToken);
            return false;
        }

        // Lenient: a host saved before unknown threshold names were refused still runs; its report says what was skipped.
        var spec = string.IsNullOrWhiteSpace(run.ExpectedSpec) ? ExpectedSpec.Empty : ExpectedSpecParser.Parse(run.ExpectedSpec, ignoreUnknownThresholds: true);
        var diffs = SpecComparer.Compare(spec, inventory).Concat(spec.Ignored).ToList();
        run.SpecDiffs.AddRange(diffs.Select(d => new RunSpecDiff { Path = d.Path, Expected = d.Expected, Actual = d.Actual, Severity = d.Severity }));
        var failing = diffs.Where(d => d.Severity == SpecSeverity.Fail).ToList();
        await log.AppendAsync(run.Id, "orchestrator", $"spec comparison: {diffs.Count} diff(s), {failing.Count} failing", cancellationToken);
        if (failing.Count > 0)
        {
            await lifecycle.FailAsync(run, new RunFailure(StageNames.Inventory, "spec-mismatch",
                string.Join("; ", failing.Select(d => $"{d.Path}: expected {d.Expected}, got {d.Actual}"))), cancellationToken);
        }

        return failing.Count == 0;
    }
}
