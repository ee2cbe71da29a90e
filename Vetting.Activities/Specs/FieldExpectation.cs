using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

/// <summary>A single value, e.g. <c>cpu.logical_cores: 20</c>.</summary>
public sealed class FieldExpectation : SpecExpectation
{
    private readonly Matcher _matcher;
    private readonly Func<Inventory, object?> _actual;

    internal FieldExpectation(string path, int line, Matcher matcher, string severity, Func<Inventory, object?> actual)
        : base(path, line, matcher.Expected, severity)
    {
        _matcher = matcher;
        _actual = actual;
    }

    internal override SpecDiff? Compare(Inventory inventory)
    {
        var value = _actual(inventory);
        return _matcher.Matches(value) ? null : new SpecDiff(Path, Expected, _matcher.DescribeActual(value), Severity);
    }
}
