namespace Vetting.Activities.Specs;

internal sealed class BooleanMatcher(bool expected) : Matcher
{
    public override string Expected => ValueText.Format(expected);

    public override bool Matches(object? actual) => actual is bool value && value == expected;
}
