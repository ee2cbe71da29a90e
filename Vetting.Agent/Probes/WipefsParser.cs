using System.Text.Json;

namespace Vetting.Agent.Probes;

/// <summary>One signature <c>wipefs</c> found: a partition table (gpt, dos, PMBR) or a filesystem/RAID/LVM label.</summary>
public sealed record DiskSignature(string Type, string? Offset);

/// <summary>
/// Parses <c>wipefs -J /dev/X</c>, which without <c>-a</c> only lists signatures. An empty list means the disk
/// is blank; null means wipefs could not look (permission, not JSON) and the disk must be treated as not blank.
/// </summary>
public static class WipefsParser
{
    public static IReadOnlyList<string> Arguments(string device) => ["--no-act", "-J", device];

    public static IReadOnlyList<DiskSignature>? Parse(string? json)
    {
        // wipefs prints nothing at all for a device without signatures on some util-linux versions.
        if (json is not null && json.Trim().Length == 0)
        {
            return [];
        }

        using var document = JsonRead.ParseLenient(json);
        if (document?.RootElement.Property("signatures") is not { ValueKind: JsonValueKind.Array } signatures)
        {
            return null;
        }

        return [.. signatures.EnumerateArray()
            .Select(s => s.String("type") is { } type ? new DiskSignature(type, s.String("offset")) : null)
            .OfType<DiskSignature>()];
    }

    /// <summary>Human words for the first signature, e.g. "a GPT partition table", "an ext4 filesystem signature".</summary>
    public static string Describe(IReadOnlyList<DiskSignature> signatures)
    {
        var types = signatures.Select(s => s.Type).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var table = types.FirstOrDefault(t => t.Equals("gpt", StringComparison.OrdinalIgnoreCase))
                    ?? types.FirstOrDefault(t => t.Equals("dos", StringComparison.OrdinalIgnoreCase))
                    ?? types.FirstOrDefault(t => t.Equals("PMBR", StringComparison.OrdinalIgnoreCase));
        var description = table switch
        {
            null => $"a{(StartsWithVowel(types[0]) ? "n" : "")} {types[0]} signature",
            _ when table.Equals("gpt", StringComparison.OrdinalIgnoreCase) => "a GPT partition table",
            _ when table.Equals("dos", StringComparison.OrdinalIgnoreCase) => "an MBR (dos) partition table",
            _ => "a protective MBR",
        };
        var others = types.Where(t => t != table && !(table is not null && t.Equals("PMBR", StringComparison.OrdinalIgnoreCase))).ToList();
        return table is not null && others.Count > 0 ? $"{description} and {string.Join(", ", others)} signatures" : description;
    }

    private static bool StartsWithVowel(string word) => word.Length > 0 && "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal);
}
