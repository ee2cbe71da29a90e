using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

/// <summary>
/// Thresholds a device-list entry sets for the devices it matches, e.g. <c>nics[0]: { mac: …, min_throughput_mbps: 300 }</c>.
/// They override the stage-wide <c>thresholds</c> of the same name for those devices.
/// </summary>
public sealed class DeviceThreshold
{
    private readonly Func<Inventory, IReadOnlyList<string>> _keys;

    internal DeviceThreshold(string path, string stage, IReadOnlyDictionary<string, double> values, Func<Inventory, IReadOnlyList<string>> keys)
    {
        Path = path;
        Stage = stage;
        Values = values;
        _keys = keys;
    }

    /// <summary>The entry's path in the spec (<c>nics[0]</c>), named by the verdict as the threshold's source.</summary>
    public string Path { get; }

    public string Stage { get; }

    /// <summary>snake_case threshold name → value.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>The keys (a NIC's MAC) of the inventory devices the entry matches.</summary>
    public IReadOnlyList<string> DeviceKeys(Inventory inventory) => _keys(inventory);
}
