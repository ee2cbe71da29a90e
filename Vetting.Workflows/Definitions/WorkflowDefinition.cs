using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vetting.Workflows.Definitions;

/// <summary>
/// One version of a workflow definition, in the subset of Elsa 3's <c>WorkflowDefinitionModel</c> we read and write.
/// Properties we do not model are kept in <see cref="Extra"/> so that a round trip loses nothing.
/// </summary>
public sealed class WorkflowDefinition
{
    private Dictionary<string, JsonElement> _customProperties = [];

    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string? Name { get; set; }
    public string? Description { get; set; }
    public int Version { get; set; } = 1;
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<VariableDefinition> Variables { get; set; } = [];
    public List<JsonElement> Inputs { get; set; } = [];
    public List<JsonElement> Outcomes { get; set; } = [];
    /// <summary>Never null: Elsa may write <c>"customProperties": null</c>.</summary>
    public Dictionary<string, JsonElement> CustomProperties
    {
        get => _customProperties;
        set => _customProperties = value ?? [];
    }
    public FlowchartModel Root { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class VariableDefinition
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string TypeName { get; set; } = "Object";
    public JsonElement? Value { get; set; }

    /// <summary>
    /// The value an instance starts with. Elsa's designer stores scalars as text (<c>"0"</c> for an Int32,
    /// <c>"true"</c> for a Boolean): such text is turned into the JSON number or boolean its <c>typeName</c> says,
    /// so a script sees <c>0 + 1 === 1</c>, not <c>"01"</c>. Anything else is kept as written.
    /// </summary>
    public JsonElement InitialValue()
    {
        if (Value is not { ValueKind: JsonValueKind.String } text)
        {
            return Value ?? JsonDocument.Parse("null").RootElement;
        }

        var raw = text.GetString()!.Trim();
        var typed = TypeName switch
        {
            "Int32" or "Int64" or "Int16" or "Byte" or "Double" or "Single" or "Decimal" or "Number"
                when double.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) => raw,
            "Boolean" when bool.TryParse(raw, out var flag) => flag ? "true" : "false",
            _ => null,
        };
        return typed is null ? text : JsonDocument.Parse(typed).RootElement;
    }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
