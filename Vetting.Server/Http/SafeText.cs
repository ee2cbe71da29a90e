using System.Globalization;
using System.Text;

namespace Vetting.Server.Http;

/// <summary>Text from outside that is written to a log or shown to the operator.</summary>
public static class SafeText
{
    /// <summary>
    /// Control characters (CR, ESC and the rest, except newline and tab) and Unicode direction overrides are
    /// written as <c>\xNN</c> / <c>\u202E</c>, so a line can neither forge another log line nor drive a terminal.
    /// </summary>
    public static string Clean(string text)
    {
        if (!text.Any(Unsafe))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!Unsafe(c))
            {
                clean.Append(c);
            }
            else if (c < 0x100)
            {
                clean.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                clean.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        return clean.ToString();
    }

    private static bool Unsafe(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\t') || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F';

    /// <summary>
    /// At most <paramref name="max"/> characters of <paramref name="text"/>, cleaned, with the full length noted when
    /// cut: an error message names the bad value without echoing megabytes of it.
    /// </summary>
    public static string Excerpt(string? text, int max = 60)
    {
        if (text is null)
        {
            return "";
        }

        return text.Length <= max
            ? Clean(text)
            : Clean(text[..max]) + string.Create(CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
    }
}
