using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

public static class SpecComparer
{
    /// <summary>The mismatches between spec and inventory, in spec order; empty when everything matches.</summary>
    public static IReadOnlyList<SpecDiff> Compare(ExpectedSpec spec, Inventory inventory) =>
        spec.Expectations.Select(expectation => expectation.Compare(inventory)).OfType<SpecDiff>().ToList();
}
