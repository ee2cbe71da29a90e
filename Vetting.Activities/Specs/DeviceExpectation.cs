using System.Globalization;
using Vetting.Protocol.Hardware;

namespace Vetting.Activities.Specs;

/// <summary>
/// An entry of a device list, e.g. <c>disks[0]</c>: how many inventory devices must match all its fields.
/// Entries are counted independently, so one device may count for several entries.
/// </summary>
public sealed class DeviceExpectation : SpecExpectation
{
    private readonly Matcher _count;
    private readonly Func<Inventory, int?> _countMatching;

    internal DeviceExpectation(string path, int line, string expected, Matcher count, string severity, Func<Inventory, int?> countMatching)
        : base(path, line, expected, severity)
    {
        _count = count;
        _countMatching = countMatching;
    }

    internal override SpecDiff? Compare(Inventory inventory)
    {
        if (_countMatching(inventory) is not { } matching)
        {
            return new SpecDiff(Path, Expected, ValueText.Unknown, Severity);
        }

        return _count.Matches(matching)
            ? null
            : new SpecDiff(Path, Expected, string.Format(CultureInfo.InvariantCulture, "{0} matching", matching), Severity);
    }
}
