using System.Text;
using System.Text.Json;

namespace Vetting.Workflows.Definitions;

/// <summary>JSON text with object properties sorted and no white space, for hashing and equality checks.</summary>
public static class CanonicalJson
{
    public static string Write(JsonElement element)
    {
        var text = new StringBuilder();
        Write(element, text);
        return text.ToString();
    }

    public static void Write(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var p in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",").Append(JsonSerializer.Serialize(p.Name)).Append(':');
                    Write(p.Value, text);
                    first = false;
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    text.Append(firstItem ? "" : ",");
                    Write(item, text);
                    firstItem = false;
                }

                text.Append(']');
                break;
            case JsonValueKind.Undefined:
                break;
            default:
                text.Append(element.GetRawText());
                break;
        }
    }
}
