using System.Text.Json;

namespace Vetting.Workflows.Definitions;

/// <summary>
/// How a definition points at one of its variables. Three shapes are read: a bare name (<c>"Counter"</c>, as
/// hand-written definitions and Elsa's older <c>Variable</c> expressions do), Elsa 3's variable object
/// (<c>{"id": "…", "name": "Counter", "typeName": "Int32", "value": "0"}</c>, which SetVariable's <c>variable</c> and
/// newer <c>Variable</c> expressions hold) and a memory reference (<c>{"memoryReference": {"id": "…"}}</c>). The
/// definition keeps the JSON as it was written; this is only how it is understood.
/// </summary>
public sealed record VariableReference(string? Id, string? Name)
{
    /// <summary>The reference in <paramref name="element"/>, or null when it has none of the shapes above.</summary>
    public static VariableReference? Read(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return new VariableReference(null, element.GetString());
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = Text(element, "id");
        if (id is null && element.TryGetProperty("memoryReference", out var memory) && memory.ValueKind == JsonValueKind.Object)
        {
            id = Text(memory, "id");
        }

        var name = Text(element, "name");
        return id is null && name is null ? null : new VariableReference(id, name);
    }

    /// <summary>The declared variable this refers to: the one with its id, else the one with its name (as Elsa resolves them).</summary>
    public VariableDefinition? Resolve(IReadOnlyList<VariableDefinition> declared) =>
        (Id is { Length: > 0 } id ? declared.FirstOrDefault(v => v.Id == id) : null)
        ?? (Name is { } name ? declared.FirstOrDefault(v => v.Name == name) : null);

    public override string ToString() => Name ?? Id ?? "";

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
