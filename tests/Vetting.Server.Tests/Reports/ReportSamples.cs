using Vetting.Protocol;
using Vetting.Protocol.Hardware;
using Vetting.Server.Reports;

namespace Vetting.Server.Tests.Reports;

/// <summary>Reports as the pipeline would produce them: a storage failure held for SSH, and a run cancelled in the queue.</summary>
internal static class ReportSamples
{
    private static readonly DateTimeOffset Start = new(2026, 4, 17, 21, 2, 11, TimeSpan.Zero);

    public static RunReport HeldStorageFailure() => new()
    {
        GeneratedAt = Start.AddMinutes(43),
        Verdict = ReportVerdicts.Failed,
        Run = new ReportRun
        {
            Id = 42,
            State = "FailedHolding",
            Profile = "standard",
            CreatedAt = Start.AddMinutes(-1),
            StartedAt = Start,
            EndedAt = Start.AddMinutes(42).AddSeconds(7),
            DurationSeconds = (42 * 60) + 7,
            Failure = new ReportFailure
            {
                Stage = StageNames.Storage,
                Reason = FailureReasons.WipeProbeRefused,
                Message = "sdb has a GPT partition table; the destructive write test was not run",
            },
        },
        Host = new ReportHost { Id = 3, Name = "pve-node-03", Mac = "ac:1f:6b:00:00:01", WolBroadcast = "10.77.0.255" },
        Workflow = new ReportWorkflow { DefinitionId = "vetting", Version = 4, InstanceId = "0f9c2b7e4a1d4c3e9b8a7f6e5d4c3b2a" },
        ExpectedSpec = """
            cpu:    { model: "*Silver 4210R*", logical_cores: 20 }
            memory: { total_gib: 64, ecc: true }
            bios:   { version: { equals: "3.5", severity: warn } }
            disks:
              - { model: "Samsung SSD 970*", count: 1 }
            """,
        Inventory = Inventory(),
        Stages =
        [
            Stage(StageNames.Inventory, StageStatuses.Passed, 0, 38, "20 threads, 64 GiB ECC, 2 disks, 2 NICs"),
            Stage(StageNames.Cpu, StageStatuses.Passed, 1, 612, "stress-ng cpu/matrix/cache verified; max 71 °C, no throttling"),
            Stage(StageNames.Memory, StageStatuses.Passed, 11, 1405, "memtester 58 GiB x1: no errors; EDAC CE 0, UE 0"),
            Stage(StageNames.Storage, StageStatuses.Failed, 35, 412, "smart OK on 2 disks; fio read 3412 MB/s, 198 MB/s") with
            {
                Failure = new ReportFailure
                {
                    Stage = StageNames.Storage,
                    Reason = FailureReasons.WipeProbeRefused,
                    Message = "sdb has a GPT partition table; the destructive write test was not run",
                },
            },
            new ReportStage { Name = StageNames.Network, Status = "skipped" },
        ],
        SpecDiffs =
        [
            new ReportSpecDiff { Path = "bios.version", Expected = "3.5", Actual = "3.4", Severity = "warn" },
        ],
        Measurements =
        [
            new ReportMeasurement { Stage = StageNames.Cpu, Name = "bogo_ops_cpu", Value = 48213.7, Unit = "bogo ops/s" },
            new ReportMeasurement { Stage = StageNames.Cpu, Name = "bogo_ops_matrix", Value = 91877.2, Unit = "bogo ops/s" },
            new ReportMeasurement { Stage = StageNames.Cpu, Name = "bogo_ops_cache", Value = 1322.4, Unit = "bogo ops/s" },
            new ReportMeasurement { Stage = StageNames.Cpu, Name = "max_temp", Value = 71, Unit = "°C" },
            new ReportMeasurement { Stage = StageNames.Memory, Name = "tested", Value = 58, Unit = "GiB" },
            new ReportMeasurement { Stage = StageNames.Storage, Name = "seq_read", Device = "nvme0n1", Value = 3412.5, Unit = "MB/s" },
            new ReportMeasurement { Stage = StageNames.Storage, Name = "seq_read", Device = "sdb", Value = 198.2, Unit = "MB/s" },
            new ReportMeasurement { Stage = StageNames.Storage, Name = "rand_read", Device = "nvme0n1", Value = 412_000, Unit = "IOPS" },
            new ReportMeasurement { Stage = StageNames.Storage, Name = "rand_read", Device = "sdb", Value = 412, Unit = "IOPS" },
        ],
        Artifacts =
        [
            new ReportArtifact { Name = "inventory.json", SizeBytes = 18_734 },
            new ReportArtifact { Name = "stress-ng-cpu.yaml", SizeBytes = 6_120 },
            new ReportArtifact { Name = "fio-nvme0n1.log", SizeBytes = 245_118 },
            new ReportArtifact { Name = "fio-sdb.log", SizeBytes = 231_904 },
            new ReportArtifact { Name = "hold-42.pub", SizeBytes = 98 },
        ],
        Hold = new ReportHold
        {
            Ip = "10.77.0.101",
            SshCommand = "ssh -i /var/lib/vetting/holds/run-42 -o StrictHostKeyChecking=no root@10.77.0.101",
        },
        RunUrl = "http://vetting.lan:8080/runs/42",
    };

    /// <summary>Cancelled while queued: no stage, no inventory, no measurement, no artifact.</summary>
    public static RunReport CancelledInQueue() => new()
    {
        GeneratedAt = Start,
        Verdict = ReportVerdicts.Cancelled,
        Run = new ReportRun { Id = 7, State = "Cancelled", Profile = "quick", CreatedAt = Start.AddMinutes(-5) },
        Host = new ReportHost { Id = 1, Name = "qemu-test", Mac = "52:54:00:12:34:56", WolBroadcast = "10.77.0.255" },
        Workflow = new ReportWorkflow { DefinitionId = "vetting", Version = 1 },
        ExpectedSpec = "memory: { total_gib: 4 }\ncpu: { logical_cores: 4 }\n",
    };

    private static ReportStage Stage(string name, string status, int startMinute, double seconds, string summary) => new()
    {
        Name = name,
        Status = status,
        StartedAt = Start.AddMinutes(startMinute),
        EndedAt = Start.AddMinutes(startMinute).AddSeconds(seconds),
        DurationSeconds = seconds,
        Summary = summary,
    };

    private static Inventory Inventory() => new()
    {
        System = new SystemInfo
        {
            Vendor = "Supermicro",
            Product = "X11SPi-TF",
            Serial = "S123",
            BiosVendor = "AMI",
            BiosVersion = "3.4",
            BiosDate = "2021-03-05",
            BootMode = "uefi",
        },
        Cpu = new CpuInfo
        {
            Model = "Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz",
            Sockets = 1,
            PhysicalCores = 10,
            LogicalCores = 20,
            Flags = ["vmx", "aes"],
        },
        Memory = new MemoryInfo
        {
            InstalledBytes = 68_719_476_736,
            UsableBytes = 67_268_632_576,
            Ecc = true,
            Dimms =
            [
                new DimmInfo { Slot = "DIMM_A1", SizeBytes = 34_359_738_368, SpeedMts = 2400, Type = "DDR4", Manufacturer = "Samsung", Serial = "1234" },
                new DimmInfo { Slot = "DIMM_B1", SizeBytes = 34_359_738_368, SpeedMts = 2400, Type = "DDR4", Manufacturer = "Samsung", Serial = null },
            ],
        },
        Disks =
        [
            new DiskInfo
            {
                Name = "nvme0n1", Model = "Samsung SSD 970 EVO Plus 1TB", Serial = "S4EW", SizeBytes = 1_000_204_886_016,
                Rotational = false, Transport = "nvme", SmartHealthy = true, Blank = true, BootMedia = false,
            },
            new DiskInfo
            {
                Name = "sdb", Model = "ST4000NM0035-1V4107", Serial = "ZC1A2B3C", Wwn = "0x5000c500a1b2c3d4", SizeBytes = 4_000_787_030_016,
                Rotational = true, Transport = "sata", SmartHealthy = true, Blank = false, BootMedia = false,
            },
        ],
        Nics =
        [
            new NicInfo { Name = "eno1", Mac = "ac:1f:6b:00:00:01", Driver = "ixgbe", LinkUp = true, SpeedMbps = 10000 },
            new NicInfo { Name = "eno2", Mac = "ac:1f:6b:00:00:02", Driver = "ixgbe", LinkUp = false },
        ],
        Pci =
        [
            new PciDeviceInfo { Address = "0000:3b:00.0", VendorId = "8086", DeviceId = "1563", Class = "0200" },
            new PciDeviceInfo { Address = "0000:3b:00.1", VendorId = "8086", DeviceId = "1563", Class = "0200" },
        ],
        Gpus = [],
    };
}
