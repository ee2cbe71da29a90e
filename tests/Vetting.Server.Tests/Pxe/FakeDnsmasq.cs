namespace Vetting.Server.Tests.Pxe;

/// <summary>
/// A shell script standing in for dnsmasq: logs the start-up line dnsmasq logs, records its arguments
/// and the signals it gets (per PID), crashes when asked and gives up by itself after about a minute.
/// It traps HUP and TERM before it records its PID, so a PID in <c>pids</c> means it is ready for signals, and
/// `env --default-signal` undoes an inherited "ignore" (a test run under nohup), which a shell cannot trap.
/// </summary>
internal sealed class FakeDnsmasq
{
    public FakeDnsmasq(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, "dnsmasq");
        File.WriteAllText(Path, $$"""
            #!/usr/bin/env -S --default-signal=HUP,TERM /bin/sh
            dir='{{directory}}'
            trap 'echo HUP >> "$dir/signals.$$"' HUP
            trap 'echo TERM >> "$dir/signals.$$"; exit 0' TERM
            echo $$ >> "$dir/pids"
            printf '%s\n' "$@" > "$dir/args.$$"
            if [ -e "$dir/no-interface" ]; then echo "dnsmasq: unknown interface vt0" >&2; exit 2; fi
            echo "dnsmasq[$$]: started, version fake" >&2
            i=0
            while [ $i -lt 600 ]; do
              if [ -e "$dir/crash" ]; then rm -f "$dir/crash"; echo "dnsmasq[$$]: crashing as asked" >&2; exit 3; fi
              sleep 0.1
              i=$((i + 1))
            done

            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Directory { get; }

    public string Path { get; }

    public IReadOnlyList<int> Pids => ReadLines("pids").Select(int.Parse).ToList();

    public IReadOnlyList<string> Arguments(int pid) => ReadLines($"args.{pid}");

    public IReadOnlyList<string> Signals(int pid) => ReadLines($"signals.{pid}");

    /// <summary>From now on every start fails at once, as dnsmasq does when pxe.interface does not exist.</summary>
    public void LoseInterface() => File.WriteAllText(System.IO.Path.Combine(Directory, "no-interface"), "");

    public void Crash() => File.WriteAllText(System.IO.Path.Combine(Directory, "crash"), "");

    public static bool IsAlive(int pid)
    {
        // A zombie keeps its /proc entry but loses its command line.
        var cmdline = $"/proc/{pid}/cmdline";
        return File.Exists(cmdline) && File.ReadAllText(cmdline).Length > 0;
    }

    private List<string> ReadLines(string name)
    {
        var file = System.IO.Path.Combine(Directory, name);
        return File.Exists(file) ? File.ReadAllLines(file).Where(line => line.Length > 0).ToList() : [];
    }
}
