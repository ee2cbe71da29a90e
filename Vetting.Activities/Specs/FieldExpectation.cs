using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

/// <summary>A single value, e.g. <c>cpu.logical_cores: 20</c>.</summary>
public sealed class FieldExpectation : SpecExpectation
{
    private readonly Matcher matcher;
    private readonly Func<Inventory, object?> actual;

    internal FieldExpectation(string path, int line, Matcher matcher, string severity, Func<Inventory, object?> actual)
        : base(path, line, matcher.Expected, severity)
    {
        this.matcher = matcher;
        this.actual = actual;
    }

    internal override SpecDiff? Compare(Inventory inventory)
    {
        var value = actual(inventory);
        return matcher.Matches(value) ? null : new SpecDiff(Path, Expected, matcher.DescribeActual(value), Severity);
    }
}
