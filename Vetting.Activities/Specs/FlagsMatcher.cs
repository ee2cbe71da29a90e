namespace Vetting.Activities.Specs;

/// <summary>CPU flags that must all be present; other flags are fine, so specs survive microcode updates.</summary>
internal sealed class FlagsMatcher(IReadOnlyList<string> required) : Matcher
{
    public override string Expected => "includes " + string.Join(", ", required);

    public override bool Matches(object? actual) => actual is IReadOnlyList<string> flags && Missing(flags).Count == 0;

    public override string DescribeActual(object? actual) =>
        actual is IReadOnlyList<string> flags ? "missing " + string.Join(", ", Missing(flags)) : ValueText.Unknown;

    private List<string> Missing(IReadOnlyList<string> flags) =>
        required.Where(flag => !flags.Contains(flag, StringComparer.OrdinalIgnoreCase)).ToList();
}
