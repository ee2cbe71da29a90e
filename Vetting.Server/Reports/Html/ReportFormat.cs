using System.Globalization;

namespace Vetting.Server.Reports.Html;

/// <summary>
/// Human-readable values. Each returns null for an unknown input, which the page shows as "unknown".
/// Everything is invariant-culture: the report is read by whoever it is forwarded to.
/// </summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>In UTC and labelled so: the server cannot know the reader's time zone.</summary>
    public static string? Timestamp(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);

    public static string? Duration(double? seconds)
    {
        if (seconds is not { } s || !double.IsFinite(s) || s < 0)
        {
            return null;
        }

        // Plain arithmetic rather than TimeSpan, which throws past ~29,000 years: a corrupt value must not cost the report.
        var total = Math.Round(s);
        var hours = Math.Floor(total / 3600);
        var minutes = (int)(total % 3600 / 60);
        var rest = (int)(total % 60);
        return hours >= 1 ? $"{hours.ToString("0", Invariant)} h {minutes:00} min"
            : minutes >= 1 ? $"{minutes} min {rest:00} s"
            : $"{rest} s";
    }

    /// <summary>Memory and file sizes, in the binary units the kernel reports them in.</summary>
    public static string? BinaryBytes(long? bytes) => Scaled(bytes, 1024, ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]);

    /// <summary>Disk capacities, in the decimal units printed on the drive's label.</summary>
    public static string? DecimalBytes(long? bytes) => Scaled(bytes, 1000, ["B", "kB", "MB", "GB", "TB", "PB"]);

    /// <summary>Rounded to what a person compares at a glance; scientific notation beyond a trillion or below a hundredth.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "NaN" : value > 0 ? "∞" : "-∞";
        }

        var magnitude = Math.Abs(value);
        return magnitude >= 1e12 || (magnitude > 0 && magnitude < 0.01) ? value.ToString("0.##E+0", Invariant)
            : magnitude >= 100 ? value.ToString("#,0", Invariant)
            : value.ToString("#,0.##", Invariant);
    }

    public static string? YesNo(bool? value) => value switch
    {
        true => "yes",
        false => "no",
        null => null,
    };

    public static string Count(int count, string singular, string plural) =>
        $"{count.ToString(Invariant)} {(count == 1 ? singular : plural)}";

    public static string? Integer(long? value) => value?.ToString("#,0", Invariant);

    /// <summary>Identifiers are looked up, not read as quantities: no digit grouping.</summary>
    public static string Id(int value) => value.ToString(Invariant);

    private static string? Scaled(long? bytes, int step, string[] units)
    {
        if (bytes is not { } b || b < 0)
        {
            return null;
        }

        double size = b;
        var unit = 0;
        while (size >= step && unit < units.Length - 1)
        {
            size /= step;
            unit++;
        }

        var format = unit == 0 || size >= 100 ? "0" : size >= 10 ? "0.#" : "0.##";
        return $"{size.ToString(format, Invariant)} {units[unit]}";
    }
}
