using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Vetting.Protocol;

/// <summary>
/// One spelling for MAC addresses (lower-case, colon-separated) so the host registry, iPXE's
/// <c>${net0/mac}</c>, dnsmasq and the agent's report all compare equal.
/// </summary>
public static class MacAddress
{
    private const int Octets = 6;

    /// <summary>Accepts <c>aa:bb:cc:dd:ee:ff</c>, <c>aa-bb-cc-dd-ee-ff</c> and <c>aabbccddeeff</c> in any case.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var hex = text.Length switch
        {
            Octets * 2 => text,
            Octets * 3 - 1 => StripSeparators(text),
            _ => null,
        };
        if (hex is null || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        normalized = string.Join(':', hex.ToLowerInvariant().Chunk(2).Select(pair => new string(pair)));
        return true;
    }

    /// <exception cref="FormatException">The input is not a MAC address in a supported spelling.</exception>
    public static string Normalize(string input) =>
        TryNormalize(input, out var normalized)
            ? normalized
            : throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not a MAC address (expected aa:bb:cc:dd:ee:ff).", input));

    // Mixed separators ("aa:bb-cc...") are refused: they are typos more often than intent.
    private static string? StripSeparators(string text)
    {
        var separator = text[2];
        if (separator is not (':' or '-'))
        {
            return null;
        }

        for (var i = 2; i < text.Length; i += 3)
        {
            if (text[i] != separator)
            {
                return null;
            }
        }

        return string.Concat(Enumerable.Range(0, Octets).Select(i => text.Substring(i * 3, 2)));
    }
}
