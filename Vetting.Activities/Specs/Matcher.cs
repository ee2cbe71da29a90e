namespace Vetting.Activities.Specs;

/// <summary>One expectation on one value, as written in the spec.</summary>
internal abstract class Matcher
{
    /// <summary>The expectation in the words of the spec, for diffs and reports.</summary>
    public abstract string Expected { get; }

    /// <summary>False for an unknown (null) value: the agent not knowing is never a pass.</summary>
    public abstract bool Matches(object? actual);

    public virtual string DescribeActual(object? actual) => ValueText.Format(actual);
}
