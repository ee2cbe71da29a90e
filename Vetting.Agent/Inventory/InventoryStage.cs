using System.Globalization;
using System.Text.Json;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;
using Vetting.Protocol.Hardware;

namespace Vetting.Agent.Inventory;

/// <summary>
/// Collects what the machine is. Every probe may fail on some hardware (no DMI in a container, no SMART behind
/// a USB bridge): its fields are then null and the reason is listed in the summary and in
/// <c>inventory-probes.log</c>. The server compares the result with the expected spec.
/// </summary>
public sealed class InventoryStage : IStage
{
    public const string InventoryArtifact = "inventory.json";
    public const string ProbeArtifact = "inventory-probes.log";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Indented = new(ProtocolJsonContext.Default.Options) { WriteIndented = true };

    public string Name => StageNames.Inventory;

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var probes = new ProbeLog(context.Tools);
        var files = context.Files;
        context.Progress.Phase("inventory: cpu and memory", 0, 30, TimeSpan.FromSeconds(10));
        var cpu = await CpuAsync(probes, files, cancellationToken);
        var memory = await MemoryAsync(probes, files, cancellationToken);
        context.Progress.Phase("inventory: disks", 30, 70, TimeSpan.FromSeconds(20));
        var disks = await DiskProbe.ProbeAsync(probes, files, cancellationToken);
        context.Progress.Phase("inventory: network and PCI", 70, 100, TimeSpan.FromSeconds(10));
        var (nics, nicProblem) = await NetworkInterfaces.ProbeAsync(probes, files, cancellationToken);
        if (nicProblem is not null)
        {
            probes.Unknown("nics", nicProblem);
        }

        var pci = await PciAsync(probes, cancellationToken);
        var system = await SystemAsync(probes, files, cancellationToken);

        var inventory = new Vetting.Protocol.Hardware.Inventory
        {
            System = system,
            Cpu = cpu,
            Memory = memory,
            Disks = disks,
            Nics = nics?.Select(n => new NicInfo { Name = n.Name, Mac = n.Mac, Driver = n.Driver, LinkUp = n.LinkUp, SpeedMbps = n.SpeedMbps }).ToList(),
            Pci = pci,
            Gpus = pci is null ? null : LspciParser.Gpus(pci),
        };

        var json = JsonSerializer.SerializeToUtf8Bytes(inventory, Indented.GetTypeInfo(typeof(Vetting.Protocol.Hardware.Inventory)));
        return new StageOutcome(new StageResult
        {
            Status = StageStatuses.Passed,
            Summary = Summary(inventory, probes.Unknowns),
            Inventory = inventory,
        }, [new StageArtifact(InventoryArtifact, json), StageArtifact.Text(ProbeArtifact, probes.ToString())]);
    }

    private static async Task<CpuInfo?> CpuAsync(ProbeLog probes, ISystemFiles files, CancellationToken cancellationToken)
    {
        var lscpu = await probes.RunAsync("lscpu", LscpuParser.Arguments, ProbeTimeout, cancellationToken);
        var cpu = lscpu.Missing ? null : LscpuParser.Parse(lscpu.Stdout);
        var flags = LscpuParser.FlagsFromCpuInfo(files.ReadText("/proc/cpuinfo"));
        if (cpu is null)
        {
            probes.Unknown("cpu", $"lscpu -J: {lscpu.LastErrorLine()}");
            return flags is null ? null : new CpuInfo { Flags = flags };
        }

        return flags is null ? cpu : cpu with { Flags = flags };
    }

    private static async Task<MemoryInfo> MemoryAsync(ProbeLog probes, ISystemFiles files, CancellationToken cancellationToken)
    {
        var meminfo = MemInfoParser.Parse(files.ReadText("/proc/meminfo"));
        long? usable = meminfo.TryGetValue("MemTotal", out var total) ? total : null;
        if (usable is null)
        {
            probes.Unknown("memory.usableBytes", "/proc/meminfo has no MemTotal");
        }

        var dmidecode = await probes.RunAsync("dmidecode", DmiMemory.Arguments, ProbeTimeout, cancellationToken);
        var dmi = dmidecode.Missing ? null : DmiMemory.Parse(dmidecode.Stdout);
        if (dmi is null)
        {
            probes.Unknown("memory.dimms and memory.ecc", $"dmidecode -t memory: {dmidecode.LastErrorLine()}");
        }
        else if (dmi.Ecc is null)
        {
            probes.Unknown("memory.ecc", "DMI has no Error Correction Type");
        }

        long? installed = dmi is { Dimms.Count: > 0 } && dmi.Dimms.All(d => d.SizeBytes is not null) ? dmi.Dimms.Sum(d => d.SizeBytes!.Value) : null;
        if (installed is null)
        {
            var lsmem = await probes.RunAsync("lsmem", LsmemParser.Arguments, ProbeTimeout, cancellationToken);
            installed = lsmem.Missing ? null : LsmemParser.InstalledBytes(lsmem.Stdout);
            if (installed is null)
            {
                probes.Unknown("memory.installedBytes", $"no DIMM sizes and lsmem: {lsmem.LastErrorLine()}");
            }
        }

        return new MemoryInfo { InstalledBytes = installed, UsableBytes = usable, Ecc = dmi?.Ecc, Dimms = dmi?.Dimms };
    }

    private static async Task<IReadOnlyList<PciDeviceInfo>?> PciAsync(ProbeLog probes, CancellationToken cancellationToken)
    {
        var lspci = await probes.RunAsync("lspci", LspciParser.Arguments, ProbeTimeout, cancellationToken);
        if (lspci.Missing || lspci.ExitCode != 0)
        {
            probes.Unknown("pci and gpus", $"lspci: {lspci.LastErrorLine()}");
            return null;
        }

        return LspciParser.Parse(lspci.Stdout);
    }

    private static async Task<SystemInfo> SystemAsync(ProbeLog probes, ISystemFiles files, CancellationToken cancellationToken)
    {
        if (SystemProbe.HasSysfsDmi(files))
        {
            return SystemProbe.FromSysfs(files);
        }

        var dmidecode = await probes.RunAsync("dmidecode", SystemProbe.DmidecodeArguments, ProbeTimeout, cancellationToken);
        if (!dmidecode.Missing && SystemProbe.FromDmidecode(dmidecode.Stdout, files) is { } system)
        {
            return system;
        }

        probes.Unknown("system (vendor, product, serial, BIOS)", $"no /sys/class/dmi/id and dmidecode: {dmidecode.LastErrorLine()}");
        return new SystemInfo { BootMode = SystemProbe.BootMode(files) };
    }

    private static string Summary(Vetting.Protocol.Hardware.Inventory inventory, IReadOnlyList<string> unknowns)
    {
        var parts = new List<string>();
        if (inventory.Cpu is { } cpu)
        {
            parts.Add($"{cpu.Model ?? "unknown CPU"}, {Count(cpu.LogicalCores, "thread")}");
        }

        var memory = inventory.Memory?.InstalledBytes ?? inventory.Memory?.UsableBytes;
        parts.Add(memory is { } bytes ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB") : "memory unknown");
        parts.Add(Count(inventory.Disks?.Count, "disk"));
        parts.Add(Count(inventory.Nics?.Count, "NIC"));
        parts.Add(Count(inventory.Pci?.Count, "PCI device"));
        var summary = string.Join(", ", parts);
        return unknowns.Count == 0 ? summary : $"{summary}; unknown: {string.Join("; ", unknowns)}";
    }

    private static string Count(int? count, string noun) =>
        count is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}") : $"{noun}s unknown";
}
