using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vetting.Workflows.Definitions;

/// <summary>The root container: Elsa's <c>Elsa.Flowchart</c> with its activities and connections.</summary>
public sealed class FlowchartModel
{
    public const string TypeName = "Elsa.Flowchart";

    public string Id { get; set; } = "flowchart";
    public string Type { get; set; } = TypeName;
    public int Version { get; set; } = 1;

    /// <summary>Optional id of the start activity; when absent the start is inferred.</summary>
    public string? Start { get; set; }

    public List<ActivityNode> Activities { get; set; } = [];
    public List<Connection> Connections { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// One activity of a flowchart. Inputs are top-level camelCase properties shaped
/// <c>{typeName, expression: {type, value}}</c>; they live in <see cref="Properties"/> with anything else unknown.
/// </summary>
public sealed class ActivityNode
{
    private Dictionary<string, JsonElement> _customProperties = [];

    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public int Version { get; set; } = 1;
    public string? Name { get; set; }
    /// <summary>Never null: Elsa writes <c>"customProperties": null</c> for activities that have none.</summary>
    public Dictionary<string, JsonElement> CustomProperties
    {
        get => _customProperties;
        set => _customProperties = value ?? [];
    }

    public Dictionary<string, JsonElement>? Metadata { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>
    /// Elsa 3's flag marking the activity as where the workflow starts, written on the activity itself; null when the
    /// activity does not carry it (it is then not written back either). See <see cref="StartsWorkflow"/>.
    /// </summary>
    public bool? CanStartWorkflow { get; set; }

    /// <summary>
    /// Whether the activity is marked as where the workflow starts: by the top-level <c>canStartWorkflow</c> Elsa 3
    /// writes, else by the <c>customProperties.canStartWorkflow</c> older versions write. Each stays where it was.
    /// </summary>
    [JsonIgnore]
    public bool StartsWorkflow =>
        CanStartWorkflow
        ?? (CustomProperties.TryGetValue("canStartWorkflow", out var flag) && flag.ValueKind == JsonValueKind.True);
}

/// <summary>
/// A connection in Elsa 3's shape, <c>{"source": {"activity", "port"}, "target": {"activity", "port"}}</c>; Elsa 3.0's
/// flat shape <c>{"source": "A", "target": "B", "sourcePort": "Done", "targetPort": "In"}</c> is read too and written
/// back in the current one.
/// </summary>
[JsonConverter(typeof(ConnectionJsonConverter))]
public sealed class Connection
{
    public Endpoint Source { get; set; } = new();
    public Endpoint Target { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class Endpoint
{
    public string Activity { get; set; } = "";
    public string? Port { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
