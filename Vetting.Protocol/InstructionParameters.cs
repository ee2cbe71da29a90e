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

    /// <summary>
    /// Network stage: thresholds the spec's <c>nics</c> entries set for particular NICs, as a list of
    /// <c>{mac, source, thresholds}</c> (<c>source</c> is the entry's path, e.g. <c>nics[0]</c>). For the NIC it tests
    /// the agent takes the first entry with its MAC; its names override those of <see cref="Thresholds"/>.
    /// </summary>
    public const string NicThresholds = "nicThresholds";
}
