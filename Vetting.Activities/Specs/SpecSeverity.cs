namespace Vetting.Activities.Specs;

/// <summary>How much a mismatch matters: a <see cref="Fail"/> diff fails the inventory stage, a <see cref="Warn"/> one is only reported.</summary>
public static class SpecSeverity
{
    public const string Fail = "fail";
    public const string Warn = "warn";
}
