using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

/// <summary>A list section (<c>disks</c>, <c>nics</c>, ...): the inventory devices it counts and the fields an entry may filter on.</summary>
internal sealed record DeviceListDefinition<T>(string Noun, Func<Inventory, IReadOnlyList<T>?> Devices, IReadOnlyList<FieldDefinition<T>> Fields)
{
    /// <summary>Stage thresholds an entry may set for the devices it matches (e.g. a NIC's minimum throughput); null when none.</summary>
    public DeviceThresholdDefinition<T>? Thresholds { get; init; }
}

/// <summary>Threshold names of <paramref name="Stage"/> that a device entry may carry, and the key that names a device to the agent.</summary>
internal sealed record DeviceThresholdDefinition<T>(string Stage, IReadOnlyList<string> Names, Func<T, string?> Key);
