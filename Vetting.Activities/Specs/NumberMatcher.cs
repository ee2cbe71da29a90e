using System.Globalization;

namespace Vetting.Activities.Specs;

/// <summary>
/// Equality or <c>{min, max}</c> bounds, each widened by a tolerance that depends on the bound
/// (zero except for memory size, where firmware reservations make exact equality useless).
/// </summary>
internal sealed class NumberMatcher : Matcher
{
    private readonly double? _equals;
    private readonly double? _min;
    private readonly double? _max;
    private readonly Func<double, double> _tolerance;

    private NumberMatcher(double? equals, double? min, double? max, Func<double, double>? tolerance)
    {
        _equals = equals;
        _min = min;
        _max = max;
        _tolerance = tolerance ?? (static _ => 0);
    }

    public override string Expected => (_equals, _min, _max) switch
    {
        ({ } value, _, _) => ValueText.Format(value),
        (null, { } low, { } high) => string.Format(CultureInfo.InvariantCulture, "between {0} and {1}", ValueText.Format(low), ValueText.Format(high)),
        (null, { } low, null) => ">= " + ValueText.Format(low),
        (null, null, { } high) => "<= " + ValueText.Format(high),
        _ => throw new InvalidOperationException("A number matcher needs equals, min or max."),
    };

    public static NumberMatcher Exactly(double value, Func<double, double>? tolerance = null) => new(value, null, null, tolerance);

    public static NumberMatcher Between(double? min, double? max, Func<double, double>? tolerance = null) => new(null, min, max, tolerance);

    public override bool Matches(object? actual)
    {
        if (ValueText.AsNumber(actual) is not { } value)
        {
            return false;
        }

        return (_equals is not { } target || Math.Abs(value - target) <= _tolerance(target))
            && (_min is not { } low || value >= low - _tolerance(low))
            && (_max is not { } high || value <= high + _tolerance(high));
    }
}
