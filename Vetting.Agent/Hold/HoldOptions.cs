namespace Vetting.Agent.Hold;

/// <summary>Where the hold installs the key and how it starts sshd; tests point these at a temp directory and a fake runner.</summary>
public sealed record HoldOptions
{
    public string AuthorizedKeysPath { get; init; } = "/root/.ssh/authorized_keys";

    /// <summary>Run in order. A live image may ship without host keys, so they are generated first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> StartSshd { get; init; } = [["ssh-keygen", "-A"], ["/usr/sbin/sshd"]];

    /// <summary>sshd refuses to start without its privilege-separation directory, which lives on tmpfs.</summary>
    public IReadOnlyList<string> RuntimeDirectories { get; init; } = ["/run/sshd"];
}
