using System.Globalization;
using System.Text.Json;

namespace Vetting.Agent.Probes;

/// <summary>
/// Lenient reads from tool JSON: tools change types between versions (lsblk's <c>rota</c> was "0"/"1" before it
/// became a boolean, <c>size</c> a string before a number), so every accessor accepts both spellings and
/// answers null rather than throwing.
/// </summary>
public static class JsonRead
{
    /// <summary>Parses the first JSON value in <paramref name="text"/>, skipping lines a tool printed before it (fio does).</summary>
    public static JsonDocument? ParseLenient(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var start = FirstValueStart(text);
        if (start < 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text[start..]), new JsonReaderOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement? Property(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string? String(this JsonElement element, params string[] path) =>
        element.Property(path) is { } value ? value.ValueKind switch
        {
            JsonValueKind.String => NullIfBlank(value.GetString()),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    public static double? Double(this JsonElement element, params string[] path) =>
        element.Property(path) is { } value ? value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        } : null;

    public static long? Long(this JsonElement element, params string[] path) =>
        element.Property(path) is { } value ? value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
            JsonValueKind.Number => (long)value.GetDouble(),
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        } : null;

    public static bool? Bool(this JsonElement element, params string[] path) =>
        element.Property(path) is { } value ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => value.GetString() switch { "1" or "true" => true, "0" or "false" => false, _ => null },
            JsonValueKind.Number => value.GetDouble() != 0,
            _ => null,
        } : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, params string[] path) =>
        element.Property(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int FirstValueStart(string text)
    {
        // A JSON document starts at a line that begins with '{' or '['; earlier lines are tool chatter.
        var index = 0;
        while (index < text.Length)
        {
            var lineEnd = text.IndexOf('\n', index);
            var line = lineEnd < 0 ? text.AsSpan(index) : text.AsSpan(index, lineEnd - index);
            var trimmed = line.TrimStart();
            if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
            {
                return index + (line.Length - trimmed.Length);
            }

            if (lineEnd < 0)
            {
                break;
            }

            index = lineEnd + 1;
        }

        return -1;
    }
}
