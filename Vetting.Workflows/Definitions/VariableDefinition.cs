using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vetting.Workflows.Definitions;

/// <summary>A workflow variable as a definition declares it: <c>{id, name, typeName, value}</c>.</summary>
public sealed class VariableDefinition
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement;

    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string TypeName { get; set; } = "Object";
    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The value an instance starts with: the declared value, as its type (see <see cref="ToDeclaredType"/>).</summary>
    public JsonElement InitialValue() => Value is { } value ? ToDeclaredType(value) : Null;

    /// <summary>
    /// <paramref name="value"/> as this variable's <c>typeName</c> says. Elsa's designer stores scalars as text
    /// (<c>"0"</c> for an Int32, <c>"true"</c> for a Boolean), and a script may hand a number to a String: such
    /// scalars become the JSON number, boolean or string of the declared type, so a script sees <c>0 + 1 === 1</c>,
    /// not <c>"01"</c>. Anything else (objects, text that is not of the type, types we do not know) is kept as it is.
    /// </summary>
    public JsonElement ToDeclaredType(JsonElement value)
    {
        var typed = (value.ValueKind, TypeName) switch
        {
            (JsonValueKind.String, "Int16" or "Int32" or "Int64" or "Byte" or "Double" or "Single" or "Decimal" or "Number") =>
                Number(value.GetString()!.Trim()),
            (JsonValueKind.String, "Boolean") when bool.TryParse(value.GetString()!.Trim(), out var flag) =>
                JsonSerializer.SerializeToElement(flag),
            (JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False, "String") =>
                JsonSerializer.SerializeToElement(value.GetRawText()),
            // Elsa Studio saves an object value (such as the vetting profiles) as its JSON text.
            (JsonValueKind.String, "Object" or "JsonObject" or "ExpandoObject") => Structured(value.GetString()!),
            _ => (JsonElement?)null,
        };
        return typed ?? value;
    }

    private static JsonElement? Structured(string text)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('{') && !trimmed.StartsWith('['))
            return null;
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Number(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) ? JsonSerializer.SerializeToElement(exact)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var wide) && double.IsFinite(wide) ? JsonSerializer.SerializeToElement(wide)
        : null;
}
