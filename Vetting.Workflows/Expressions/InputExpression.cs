using System.Text.Json;

namespace Vetting.Workflows.Expressions;

public enum ExpressionType
{
    Literal,
    Variable,
    JavaScript,
}

/// <summary>An input as written in a definition: <c>{typeName, expression: {type, value}}</c>.</summary>
public sealed record InputExpression(ExpressionType Type, JsonElement Value, string? TypeName)
{
    /// <summary>
    /// Reads an input property. A bare value (no <c>expression</c> wrapper) is taken as a literal, which keeps
    /// hand-written definitions short.
    /// </summary>
    public static InputExpression Read(JsonElement property)
    {
        if (property.ValueKind == JsonValueKind.Object && property.TryGetProperty("expression", out var expression))
        {
            var typeName = property.TryGetProperty("typeName", out var tn) && tn.ValueKind == JsonValueKind.String ? tn.GetString() : null;
            var kind = expression.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "Literal";
            var value = expression.TryGetProperty("value", out var v) ? v : default;
            return new InputExpression(ParseType(kind), value, typeName);
        }

        return new InputExpression(ExpressionType.Literal, property, null);
    }

    private static ExpressionType ParseType(string? kind) => kind switch
    {
        // Elsa's Object expression holds JSON text, which the value converter reads like a literal.
        "Literal" or "Object" or null => ExpressionType.Literal,
        "Variable" => ExpressionType.Variable,
        "JavaScript" => ExpressionType.JavaScript,
        _ => throw new FormatException($"unsupported expression type '{kind}' (use Literal, Object, Variable or JavaScript)"),
    };
}
