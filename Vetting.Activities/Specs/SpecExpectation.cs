using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

/// <summary>One check the spec asks for, in the order it was written.</summary>
public abstract class SpecExpectation
{
    private protected SpecExpectation(string path, int line, string expected, string severity)
    {
        Path = path;
        Line = line;
        Expected = expected;
        Severity = severity;
    }

    /// <summary>Key path of the check, e.g. <c>cpu.logical_cores</c> or <c>disks[0]</c>.</summary>
    public string Path { get; }

    /// <summary>1-based line in the spec document, for pointing the editor at it.</summary>
    public int Line { get; }

    /// <summary>What is expected, in the spec's words (also the diff's <c>expected</c>).</summary>
    public string Expected { get; }

    /// <summary><see cref="SpecSeverity.Fail"/> or <see cref="SpecSeverity.Warn"/>.</summary>
    public string Severity { get; }

    /// <summary>The diff when the inventory does not meet this expectation, else null.</summary>
    internal abstract SpecDiff? Compare(Inventory inventory);
}
