namespace Vetting.Protocol;

/// <summary>Well-known keys of <see cref="Instruction.Parameters"/>.</summary>
public static class InstructionParameters
{
    /// <summary><c>quick</c>, <c>standard</c> or <c>burn-in</c>.</summary>
    public const string Profile = "profile";

    /// <summary>Set by the operator's wipe-probe override; the agent still never touches its own boot media.</summary>
    public const string AllowDestructive = "allowDestructive";

    public const string DurationSeconds = "durationSeconds";

    /// <summary>Object of threshold name (<see cref="ThresholdNames"/>) → number, taken from the host's expected spec.</summary>
    public const string Thresholds = "thresholds";
}
