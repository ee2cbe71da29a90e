using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Workflows.Definitions;

namespace Vetting.Server.Designer;

/// <summary>
/// Our stored definition as Elsa 3.8.2's <c>WorkflowDefinitionModel</c> and back. Both are the JSON of
/// workflow-format.md; Elsa Studio also needs what an Elsa server computes (links, node ids, options, tool version),
/// which is added on the way out and dropped on the way in, so the store keeps only what an author wrote.
/// </summary>
internal static class ElsaDefinitionModel
{
    /// <summary>The Studio release this API answers for (docs/adr/0002-elsa-studio.md).</summary>
    public const string ToolVersion = "3.8.2";

    /// <summary>Computed by the server on every read; never stored from a save or an import.</summary>
    private static readonly string[] ServerFields = ["links", "isReadonly", "isSystem", "materializerName", "isMaterializerAvailable", "materializerContext"];

    /// <summary>The definition as Studio reads it: node ids on every activity, Elsa's defaults filled in, publish links when editable.</summary>
    public static JsonObject ToModel(WorkflowDefinition definition, bool editable)
    {
        var model = JsonNode.Parse(WorkflowJson.Serialize(definition))!.AsObject();
        model["toolVersion"] ??= ToolVersion;
        model["materializerName"] = "Json";
        model["isReadonly"] = !editable;
        model["isSystem"] = false;
        model["options"] ??= new JsonObject
        {
            ["usableAsActivity"] = false,
            ["autoUpdateConsumingWorkflows"] = false,
        };
        foreach (var list in new[] { "variables", "inputs", "outputs", "outcomes" })
            model[list] ??= new JsonArray();
        model["customProperties"] ??= new JsonObject();

        var root = model["root"]!.AsObject();
        var nodeIds = NodeIds(definition);
        root["nodeId"] = RootNodeId(definition);
        root["metadata"] ??= new JsonObject();
        root["customProperties"] ??= new JsonObject();
        foreach (var activity in root["activities"]?.AsArray() ?? [])
        {
            if (activity is not JsonObject node || node["id"]?.GetValue<string>() is not { } id)
                continue;
            node["nodeId"] = nodeIds.GetValueOrDefault(id, id);
            node["metadata"] ??= new JsonObject();
            node["customProperties"] ??= new JsonObject();
        }

        foreach (var connection in root["connections"]?.AsArray() ?? [])
        {
            if (connection?["target"] is JsonObject target)
                target["port"] ??= "In";
        }

        model["links"] = editable
            ? new JsonArray(
                Link($"{ElsaApi.Prefix}/workflow-definitions/{Uri.EscapeDataString(definition.DefinitionId)}/publish", "publish", "POST"),
                Link($"{ElsaApi.Prefix}/workflow-definitions/{Uri.EscapeDataString(definition.DefinitionId)}/export", "export", "GET"))
            : new JsonArray(Link($"{ElsaApi.Prefix}/workflow-definitions/{Uri.EscapeDataString(definition.DefinitionId)}/export", "export", "GET"));
        return model;
    }

    /// <summary>
    /// The file an Elsa 3 server imports: the model without what the server computes, and variable values as text
    /// (Elsa's <c>VariableDefinition.Value</c> is a string, so an object value is written as its JSON).
    /// </summary>
    public static JsonObject ToExport(WorkflowDefinition definition)
    {
        var model = ToModel(definition, editable: false);
        foreach (var field in ServerFields)
            model.Remove(field);
        foreach (var variable in model["variables"]?.AsArray() ?? [])
        {
            if (variable is JsonObject v && v["value"] is JsonNode value && value.GetValueKind() is not JsonValueKind.String)
                v["value"] = value.ToJsonString();
        }

        return model;
    }

    /// <summary>A model from Studio or an Elsa export as our definition. Throws <see cref="WorkflowDefinitionException"/> naming what is wrong.</summary>
    public static WorkflowDefinition FromModel(JsonObject model)
    {
        var copy = model.DeepClone().AsObject();
        foreach (var field in ServerFields)
            copy.Remove(field);
        if (copy["root"] is not JsonObject)
            throw new WorkflowDefinitionException("the model has no 'root' flowchart");
        var definition = WorkflowJson.Parse(copy.ToJsonString(), "model");
        if (definition.Root.Type != FlowchartModel.TypeName)
            throw new WorkflowDefinitionException($"the root is '{definition.Root.Type}'; only an {FlowchartModel.TypeName} root is supported");
        return definition;
    }

    /// <summary>
    /// Node id of every activity: the one Studio stored, else <c>{root node id}:{activity id}</c>. The definition,
    /// the journal and the execution report all use this map, so Studio can match them.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NodeIds(WorkflowDefinition definition)
    {
        var root = RootNodeId(definition);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { [definition.Root.Id] = root };
        foreach (var activity in definition.Root.Activities)
        {
            ids[activity.Id] = activity.Properties is { } properties && properties.TryGetValue("nodeId", out var stored) && stored.ValueKind == JsonValueKind.String
                ? stored.GetString()!
                : $"{root}:{activity.Id}";
        }

        return ids;
    }

    public static string RootNodeId(WorkflowDefinition definition) =>
        definition.Root.Extra is { } extra && extra.TryGetValue("nodeId", out var stored) && stored.ValueKind == JsonValueKind.String
            ? stored.GetString()!
            : definition.Root.Id;

    private static JsonObject Link(string href, string rel, string method) => new() { ["href"] = href, ["rel"] = rel, ["method"] = method };
}
