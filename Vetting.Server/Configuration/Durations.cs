using System.Globalization;
using System.Text.RegularExpressions;

namespace Vetting.Server.Configuration;

/// <summary>
/// Durations as the config file writes them: whole numbers with a unit, combinable largest first
/// (<c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1h30m</c>). A bare number is refused rather than
/// read as seconds: <c>boot_timeout: 10</c> is as likely to mean ten minutes, and guessing wrong turns
/// into runs that time out for no visible reason.
/// </summary>
public static partial class Durations
{
    public const string Hint = "use 30s, 10m, 2h";

    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        try
        {
            foreach (var (unit, size) in Units)
            {
                if (match.Groups[unit].Success)
                {
                    var count = long.Parse(match.Groups[unit].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                    duration = checked(duration + (size * count));
                }
            }
        }
        catch (OverflowException)
        {
            return false;
        }

        return true;
    }

    /// <summary>The shortest way to write <paramref name="duration"/> in the config file, e.g. <c>1h30m</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = "";
        var left = duration;
        foreach (var (unit, size) in Units)
        {
            var count = left.Ticks / size.Ticks;
            if (count > 0)
            {
                text += count.ToString(CultureInfo.InvariantCulture) + unit;
                left -= size * count;
            }
        }

        return text;
    }

    // Each unit at most once and largest first, so "10m10m" or "30s1m" is reported instead of summed.
    [GeneratedRegex(@"^(?=\d)(?:(?<h>\d{1,9})h)?(?:(?<m>\d{1,9})m(?!s))?(?:(?<s>\d{1,9})s)?(?:(?<ms>\d{1,9})ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
