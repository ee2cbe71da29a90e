using System.Globalization;

namespace Vetting.Activities.Specs;

/// <summary>A problem in an expected-spec document, located by 1-based line and key path.</summary>
public sealed record SpecError(int Line, string Path, string Message)
{
    /// <summary><c>line 3: cpu.logical_corez: unknown key</c>, or without the path for YAML syntax errors.</summary>
    public override string ToString() =>
        Path.Length == 0
            ? string.Format(CultureInfo.InvariantCulture, "line {0}: {1}", Line, Message)
            : string.Format(CultureInfo.InvariantCulture, "line {0}: {1}: {2}", Line, Path, Message);
}
