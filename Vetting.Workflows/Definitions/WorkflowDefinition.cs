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
