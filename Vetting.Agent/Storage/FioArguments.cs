using System.Globalization;

namespace Vetting.Agent.Storage;

/// <summary>The two fio jobs of the storage stage.</summary>
public static class FioArguments
{
    /// <summary>
    /// Sequential read with O_DIRECT so the page cache does not flatter the disk. <c>--readonly</c> makes fio
    /// refuse any write to a real disk; a scratch file must be laid out first, so it goes without.
    /// </summary>
    public static IReadOnlyList<string> Read(StorageTarget target, long sizeMb, int runtimeSeconds)
    {
        var arguments = new List<string>
        {
            "--name=read", "--filename=" + target.Path, "--rw=read", "--bs=1M", "--direct=1",
            Invariant($"--size={sizeMb}M"), Invariant($"--runtime={runtimeSeconds}"), "--output-format=json",
        };
        if (!target.IsScratchFile)
        {
            arguments.Insert(5, "--readonly");
        }

        return arguments;
    }

    /// <summary>Destructive: writes checksummed blocks, then reads them all back and verifies them.</summary>
    public static IReadOnlyList<string> WipeProbe(StorageTarget target, long sizeMb) =>
    [
        "--name=wipe-probe", "--filename=" + target.Path, "--rw=write", "--bs=1M", "--direct=1",
        // No verify state file: fio would drop one into the working directory of the agent.
        "--verify=crc32c", "--do_verify=1", "--verify_state_save=0", Invariant($"--size={sizeMb}M"), "--output-format=json",
    ];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
