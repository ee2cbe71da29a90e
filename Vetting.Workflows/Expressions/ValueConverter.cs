using System.Globalization;
using System.Text.Json;
using Vetting.Workflows.Definitions;

namespace Vetting.Workflows.Expressions;

/// <summary>
/// Converts expression values to the CLR type of an input. Elsa stores literals as strings ("00:10:00", "true",
/// "{...}"), hand-written definitions often use native JSON; both are accepted.
/// </summary>
public static class ValueConverter
{
    public static T? FromElement<T>(JsonElement element) => (T?)Convert(element, typeof(T));

    public static object? Convert(JsonElement element, Type target)
    {
        var type = Nullable.GetUnderlyingType(target) ?? target;
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(type) : null;
        }

        if (type == typeof(VariableReference))
        {
            return VariableReference.Read(element)
                   ?? throw new FormatException($"{element.GetRawText()} names no variable (expected a name or {{\"id\", \"name\"}})");
        }

        if (type == typeof(JsonElement))
        {
            return element.ValueKind == JsonValueKind.String && LooksLikeJson(element.GetString()!)
                ? JsonDocument.Parse(element.GetString()!).RootElement.Clone()
                : element;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return ConvertText(element.GetString()!, type);
        }

        if (type == typeof(string))
        {
            return element.GetRawText();
        }

        if (type == typeof(object))
        {
            return element;
        }

        return element.Deserialize(type, WorkflowJson.Compact);
    }

    public static object? ConvertText(string text, Type target)
    {
        var type = Nullable.GetUnderlyingType(target) ?? target;
        if (type == typeof(string) || type == typeof(object))
        {
            return text;
        }

        if (type == typeof(VariableReference))
        {
            return new VariableReference(null, text);
        }

        if (type == typeof(JsonElement))
        {
            return LooksLikeJson(text)
                ? JsonDocument.Parse(text).RootElement.Clone()
                : JsonSerializer.SerializeToElement(text, WorkflowJson.Compact);
        }

        if (text.Length == 0 && (type.IsValueType || Nullable.GetUnderlyingType(target) is not null))
        {
            return Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(type) : null;
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)
                ? span
                : throw new FormatException($"'{text}' is not a TimeSpan (expected hh:mm:ss, e.g. 00:10:00)");
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(text, out var b) ? b : throw new FormatException($"'{text}' is not true or false");
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, text, ignoreCase: true, out var e)
                ? e
                : throw new FormatException($"'{text}' is not one of {string.Join(", ", Enum.GetNames(type))}");
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal))
        {
            try
            {
                return System.Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FormatException($"'{text}' is not a valid {type.Name}", e);
            }
        }

        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Deserialize(type, WorkflowJson.Compact);
    }

    /// <summary>Turns any CLR value (including Jint results) into the input type.</summary>
    public static object? ConvertObject(object? value, Type target)
    {
        if (value is null)
        {
            var type = Nullable.GetUnderlyingType(target) ?? target;
            return type.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(type) : null;
        }

        if (target.IsInstanceOfType(value))
        {
            return value;
        }

        return value is string s
            ? ConvertText(s, target)
            : Convert(JsonSerializer.SerializeToElement(value, WorkflowJson.Compact), target);
    }

    private static bool LooksLikeJson(string text)
    {
        var t = text.AsSpan().TrimStart();
        return t.Length > 0 && (t[0] == '{' || t[0] == '[');
    }
}
