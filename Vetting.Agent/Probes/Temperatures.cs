using System.Globalization;
using Vetting.Agent.Tools;

namespace Vetting.Agent.Probes;

/// <summary>The hottest sensor right now, from hwmon (coretemp, k10temp, nvme, ...) and ACPI thermal zones.</summary>
public static class Temperatures
{
    // Sensors that read absurd values (disconnected probes report -128 or 255+) would trip or hide the threshold.
    private const double Plausible = 150;

    /// <summary>Degrees Celsius, or null when the machine has no readable temperature sensor (typical in VMs).</summary>
    public static double? Max(ISystemFiles files)
    {
        var inputs = files.List("/sys/class/hwmon", "hwmon*").SelectMany(hwmon => files.List(hwmon, "temp*_input"))
            .Concat(files.List("/sys/class/thermal", "thermal_zone*").Select(zone => $"{zone}/temp"));
        double? max = null;
        foreach (var path in inputs)
        {
            if (long.TryParse(files.ReadText(path)?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milli))
            {
                var celsius = milli / 1000.0;
                if (celsius is > 0 and < Plausible)
                {
                    max = Math.Max(max ?? double.MinValue, celsius);
                }
            }
        }

        return max;
    }
}
