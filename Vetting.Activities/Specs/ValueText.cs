using System.Globalization;

namespace Vetting.Activities.Specs;

/// <summary>How inventory values appear in diffs.</summary>
internal static class ValueText
{
    public const string Unknown = "unknown";

    public static string Format(object? value) => value switch
    {
        null => Unknown,
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => Format(number),
        IEnumerable<string> items => string.Join(", ", items),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? Unknown,
    };

    // Two decimals are enough to see why 3.8 GiB or 1000.2 GB did or did not match.
    public static string Format(double number) => number.ToString("0.##", CultureInfo.InvariantCulture);

    public static double? AsNumber(object? value) => value switch
    {
        int number => number,
        long number => number,
        double number => number,
        _ => null,
    };
}
