using Vetting.Protocol;
using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

/// <summary>
/// Every key of the expected-spec grammar and the inventory value it is compared with: the parser and
/// the comparer both read this table, so a key cannot be accepted without being checked.
/// </summary>
internal static class SpecSchema
{
    private const double BytesPerGib = 1024d * 1024 * 1024;
    private const double BytesPerGb = 1e9;

    public static IReadOnlyList<FieldDefinition<Inventory>> System { get; } =
    [
        new("vendor", FieldKind.Text, inventory => inventory.System?.Vendor),
        new("product", FieldKind.Text, inventory => inventory.System?.Product),
        new("serial", FieldKind.Text, inventory => inventory.System?.Serial),
    ];

    public static IReadOnlyList<FieldDefinition<Inventory>> Bios { get; } =
    [
        new("vendor", FieldKind.Text, inventory => inventory.System?.BiosVendor),
        new("version", FieldKind.Text, inventory => inventory.System?.BiosVersion),
        new("date", FieldKind.Text, inventory => inventory.System?.BiosDate),
    ];

    public static IReadOnlyList<FieldDefinition<Inventory>> Cpu { get; } =
    [
        new("model", FieldKind.Text, inventory => inventory.Cpu?.Model),
        new("sockets", FieldKind.Integer, inventory => inventory.Cpu?.Sockets),
        new("physical_cores", FieldKind.Integer, inventory => inventory.Cpu?.PhysicalCores),
        new("logical_cores", FieldKind.Integer, inventory => inventory.Cpu?.LogicalCores),
        new("flags", FieldKind.Flags, inventory => inventory.Cpu?.Flags),
    ];

    public static IReadOnlyList<FieldDefinition<Inventory>> Memory { get; } =
    [
        // Installed, not MemTotal: the kernel and firmware reserve memory, so a 4 GiB VM reports
        // about 3.8 GiB usable. The tolerance absorbs what remains when only MemTotal is known.
        new("total_gib", FieldKind.Number, inventory => (inventory.Memory?.InstalledBytes ?? inventory.Memory?.UsableBytes) / BytesPerGib)
        {
            Tolerance = gib => Math.Max(gib * 0.02, 0.25),
        },
        new("dimm_count", FieldKind.Integer, inventory => inventory.Memory?.Dimms?.Count),
        new("ecc", FieldKind.Boolean, inventory => inventory.Memory?.Ecc),
    ];

    public static IReadOnlyDictionary<string, IReadOnlyList<FieldDefinition<Inventory>>> Sections { get; } =
        new Dictionary<string, IReadOnlyList<FieldDefinition<Inventory>>>(StringComparer.Ordinal)
        {
            ["system"] = System,
            ["bios"] = Bios,
            ["cpu"] = Cpu,
            ["memory"] = Memory,
        };

    // No "name": /dev names follow probe order and change between boots.
    public static DeviceListDefinition<DiskInfo> Disks { get; } = new("disk", inventory => inventory.Disks,
    [
        new("model", FieldKind.Text, disk => disk.Model),
        new("serial", FieldKind.Text, disk => disk.Serial),
        new("wwn", FieldKind.Text, disk => disk.Wwn),
        new("size_gb", FieldKind.Number, disk => disk.SizeBytes / BytesPerGb),
        new("rotational", FieldKind.Boolean, disk => disk.Rotational),
        new("transport", FieldKind.Text, disk => disk.Transport),
    ]);

    public static DeviceListDefinition<NicInfo> Nics { get; } = new("nic", inventory => inventory.Nics,
    [
        new("mac", FieldKind.Mac, nic => nic.Mac),
        new("speed_mbps", FieldKind.Integer, nic => nic.SpeedMbps),
        new("driver", FieldKind.Text, nic => nic.Driver),
    ])
    {
        // The agent judges the NIC its route to the orchestrator uses; it knows that NIC by MAC.
        Thresholds = new(StageNames.Network, [ThresholdNames.MinThroughputPct, ThresholdNames.MinThroughputMbps], nic => nic.Mac),
    };

    public static DeviceListDefinition<GpuInfo> Gpus { get; } = new("gpu", inventory => inventory.Gpus,
    [
        new("vendor_id", FieldKind.Text, gpu => gpu.VendorId),
        new("device_id", FieldKind.Text, gpu => gpu.DeviceId),
        new("name", FieldKind.Text, gpu => gpu.Name),
    ]);

    public static DeviceListDefinition<PciDeviceInfo> Pci { get; } = new("pci device", inventory => inventory.Pci,
    [
        new("vendor_id", FieldKind.Text, device => device.VendorId),
        new("device_id", FieldKind.Text, device => device.DeviceId),
        new("class", FieldKind.Text, device => device.Class),
    ]);

    /// <summary>Stages whose verdicts take thresholds; inventory has none, its verdict is the spec itself.</summary>
    public static IReadOnlyList<string> ThresholdStages { get; } = [.. ThresholdNames.ByStage.Keys];

    /// <summary>The thresholds the agent's verdicts read, per stage; anything else is refused.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Thresholds => ThresholdNames.ByStage;
}
