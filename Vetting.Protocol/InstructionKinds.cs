namespace Vetting.Protocol;

/// <summary>Values of <see cref="Instruction.Kind"/>.</summary>
public static class InstructionKinds
{
    public const string Stage = "stage";

    /// <summary>Install <see cref="Instruction.SshPublicKey"/>, start sshd, keep heartbeating.</summary>
    public const string Hold = "hold";

    public const string PowerOff = "poweroff";

    /// <summary>Stop the agent without powering off (used by tests and manual sessions).</summary>
    public const string Exit = "exit";

    public static IReadOnlyList<string> All { get; } = [Stage, Hold, PowerOff, Exit];
}
