namespace Vetting.Agent.Power;

public sealed record PowerOptions
{
    /// <summary>Local runs (--no-poweroff): the instruction ends the agent and leaves the machine on.</summary>
    public bool Disabled { get; init; }

    /// <summary>Tried in order until one succeeds. <c>poweroff -f</c> needs no init system (busybox images have none).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Commands { get; init; } = [["poweroff", "-f"], ["systemctl", "poweroff"]];
}
