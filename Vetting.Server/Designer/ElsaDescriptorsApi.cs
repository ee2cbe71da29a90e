using System.Text.Json.Nodes;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;

namespace Vetting.Server.Designer;

/// <summary>
/// What Studio builds its palette, input editors and settings panels from, generated from our activity registry, so
/// adding an activity class needs no change here. Only what our runtime does is listed: the expression types it
/// evaluates, the variable types it converts, no activation, incident, commit or log strategies to choose from.
/// </summary>
internal static class ElsaDescriptorsApi
{
    /// <summary>Expression types our runtime evaluates (Expressions/InputExpression.cs).</summary>
    private static readonly ElsaExpressionDescriptorDto[] Expressions =
    [
        new("Literal", "Literal", true, true, new Dictionary<string, string>()),
        new("JavaScript", "JavaScript", true, true, new Dictionary<string, string> { ["MonacoLanguage"] = "javascript" }),
        new("Object", "Object", true, false, new Dictionary<string, string> { ["MonacoLanguage"] = "json" }),
        new("Variable", "Variable", true, false, new Dictionary<string, string>()),
    ];

    /// <summary>Variable types whose text values the runtime converts (VariableDefinition.InitialValue).</summary>
    private static readonly ElsaVariableTypeDto[] VariableTypes =
    [
        new("String", "String", "Primitives", "Text."),
        new("Boolean", "Boolean", "Primitives", "true or false."),
        new("Int32", "Int32", "Primitives", "A whole number."),
        new("Int64", "Int64", "Primitives", "A large whole number."),
        new("Double", "Double", "Primitives", "A number with a fraction."),
        new("Object", "Object", "Primitives", "Any JSON value, such as the vetting profiles."),
    ];

    public static RouteGroupBuilder MapElsaDescriptors(this RouteGroupBuilder api)
    {
        api.MapGet("/descriptors/activities", (ActivityRegistry registry) =>
        {
            var items = registry.Descriptors.Select(Describe).Prepend(FlowchartDescriptor()).ToList();
            return TypedResults.Ok(new ElsaListDto<JsonObject>(items, items.Count));
        });
        api.MapGet("/descriptors/expression-descriptors", () => TypedResults.Ok(new ElsaListDto<ElsaExpressionDescriptorDto>(Expressions, Expressions.Length)));
        api.MapGet("/descriptors/variables", () => TypedResults.Ok(new ElsaListDto<ElsaVariableTypeDto>(VariableTypes, VariableTypes.Length)));
        // Studio needs these lists to exist (a 404 breaks its properties panel); our runtime has one behaviour for each.
        api.MapGet("/descriptors/workflow-activation-strategies", () => TypedResults.Ok(Empty<ElsaStrategyDto>()));
        api.MapGet("/descriptors/incident-strategies", () => TypedResults.Ok(Empty<ElsaStrategyDto>()));
        api.MapGet("/descriptors/log-persistence-strategies", () => TypedResults.Ok(Empty<ElsaStrategyDto>()));
        api.MapGet("/descriptors/commit-strategies/workflows", () => TypedResults.Ok(Empty<ElsaCommitStrategyDto>()));
        api.MapGet("/descriptors/commit-strategies/activities", () => TypedResults.Ok(Empty<ElsaCommitStrategyDto>()));
        api.MapGet("/descriptors/storage-drivers", () => TypedResults.Ok(Empty<ElsaStrategyDto>()));
        api.MapGet("/descriptors/output-converters", () => TypedResults.Ok(Empty<ElsaStrategyDto>()));
        api.MapGet("/descriptors/resilience-strategies", () => TypedResults.Ok(Empty<ElsaStrategyDto>()));
        api.MapGet("/features/installed", () =>
        {
            // Not Elsa.RealTimeWorkflowUpdates: without it Studio polls execution-state instead of opening SignalR.
            ElsaFeatureDto[] features =
            [
                new("WorkflowManagement", "Elsa", "Elsa.WorkflowManagement", "Workflow management", "Definitions, versions and publishing over the Vetting runtime."),
                new("WorkflowInstances", "Elsa", "Elsa.WorkflowInstances", "Workflow instances", "Instances, journals and execution reports of the Vetting runtime."),
                new("JavaScript", "Elsa", "Elsa.JavaScript", "JavaScript", "JavaScript expressions (Jint, sandboxed)."),
            ];
            return TypedResults.Ok(new ElsaListDto<ElsaFeatureDto>(features, features.Length));
        });
        return api;
    }

    private static ElsaListDto<T> Empty<T>() => new([], 0);

    /// <summary>One activity type in Elsa's descriptor shape: ports from its outcomes, inputs with their editors.</summary>
    internal static JsonObject Describe(ActivityDescriptor descriptor)
    {
        var dot = descriptor.TypeName.LastIndexOf('.');
        var inputs = new JsonArray();
        var order = 0;
        foreach (var input in descriptor.Inputs)
        {
            var hint = UiHint(input.UiHint);
            var node = new JsonObject
            {
                ["name"] = Pascal(input.Name),
                ["typeName"] = ClrName(input.TypeName),
                ["displayName"] = input.DisplayName ?? input.Name,
                ["description"] = input.Description,
                ["category"] = descriptor.Category,
                ["uiHint"] = hint,
                ["isWrapped"] = true,
                ["order"] = order++,
                ["isBrowsable"] = true,
                ["isSynthetic"] = false,
                ["isReadOnly"] = false,
                ["defaultValue"] = input.DefaultValue,
            };
            if (input.Options is { } options)
            {
                var items = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject { ["text"] = o, ["value"] = o })]);
                node["uiSpecifications"] = new JsonObject { ["dropdown"] = new JsonObject { ["selectList"] = new JsonObject { ["items"] = items, ["isFlagsEnum"] = false } } };
            }

            inputs.Add(node);
        }

        var ports = new JsonArray([.. descriptor.Outcomes.Select(o => (JsonNode)Port(o))]);
        return new JsonObject
        {
            ["typeName"] = descriptor.TypeName,
            ["namespace"] = dot > 0 ? descriptor.TypeName[..dot] : "",
            ["name"] = dot > 0 ? descriptor.TypeName[(dot + 1)..] : descriptor.TypeName,
            ["version"] = descriptor.Version,
            ["category"] = descriptor.Category,
            ["displayName"] = descriptor.DisplayName,
            ["description"] = descriptor.Description,
            ["kind"] = "Action",
            ["isBrowsable"] = true,
            ["isContainer"] = false,
            ["isStart"] = descriptor.TypeName == "Elsa.Start",
            ["isTerminal"] = descriptor.TypeName == "Elsa.End",
            ["customProperties"] = new JsonObject(),
            ["constructionProperties"] = new JsonObject(),
            ["inputs"] = inputs,
            ["outputs"] = new JsonArray(),
            ["ports"] = ports,
        };
    }

    private static JsonObject FlowchartDescriptor() => new()
    {
        ["typeName"] = FlowchartModel.TypeName,
        ["namespace"] = "Elsa",
        ["name"] = "Flowchart",
        ["version"] = 1,
        ["category"] = "Flow",
        ["displayName"] = "Flowchart",
        ["description"] = "The canvas: activities connected by their ports.",
        ["kind"] = "Action",
        ["isBrowsable"] = false,
        ["isContainer"] = true,
        ["isStart"] = false,
        ["isTerminal"] = false,
        ["customProperties"] = new JsonObject(),
        ["constructionProperties"] = new JsonObject(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["ports"] = new JsonArray(),
    };

    private static JsonObject Port(string name) => new() { ["name"] = name, ["displayName"] = name, ["type"] = "Flow", ["isBrowsable"] = true };

    /// <summary>Our editors as the UI hints Studio 3.8.2 has.</summary>
    private static string UiHint(string ours) => ours switch
    {
        UiHints.MultiLine => "multiline",
        UiHints.Dropdown => "dropdown",
        UiHints.Checkbox => "checkbox",
        UiHints.Code => "code-editor",
        UiHints.Json => "json-editor",
        _ => "singleline",
    };

    private static string ClrName(string alias) => alias switch
    {
        "String" or "Boolean" or "Int32" or "Int64" or "Double" or "TimeSpan" or "Object" => "System." + alias,
        _ => alias,
    };

    /// <summary>Elsa names inputs after their C# property (<c>Timeout</c>) and writes them camelCase in definitions.</summary>
    private static string Pascal(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];
}
