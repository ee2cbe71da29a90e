using Vetting.Agent.Probes;

namespace Vetting.Agent.Storage;

public enum WipeProbeDecision
{
    /// <summary>Write to it.</summary>
    Run,

    /// <summary>Never written (boot media, mounted); not a failure, the operator cannot override it.</summary>
    Skip,

    /// <summary>It holds data: refused unless the operator overrides (wipe-probe-refused).</summary>
    Refuse,
}

/// <summary>
/// The safety rule of the destructive wipe-probe: only blank disks (no partition table, no filesystem or other
/// signature) unless the operator allowed destruction for this run; never the boot media or a mounted disk.
/// A disk whose signatures could not be read counts as not blank.
/// </summary>
public static class WipeProbeGate
{
    /// <param name="signatures">wipefs's findings; null when wipefs could not look.</param>
    public static (WipeProbeDecision Decision, string Why) Decide(StorageTarget target, IReadOnlyList<DiskSignature>? signatures, bool allowDestructive)
    {
        if (target.IsScratchFile)
        {
            return (WipeProbeDecision.Run, "scratch file");
        }

        if (target.IsBootMedia)
        {
            return (WipeProbeDecision.Skip, $"{target.Name} is the live image's boot media");
        }

        if (target.IsMounted)
        {
            return (WipeProbeDecision.Skip, $"{target.Name} is mounted");
        }

        if (allowDestructive)
        {
            return (WipeProbeDecision.Run, "the operator allowed destructive tests");
        }

        return signatures switch
        {
            null => (WipeProbeDecision.Refuse, $"{target.Name} could not be checked for partition tables or filesystems"),
            { Count: 0 } => (WipeProbeDecision.Run, $"{target.Name} is blank"),
            _ => (WipeProbeDecision.Refuse, $"{target.Name} has {WipefsParser.Describe(signatures)}"),
        };
    }
}
