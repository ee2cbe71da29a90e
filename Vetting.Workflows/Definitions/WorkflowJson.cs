using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vetting.Workflows.Definitions;

/// <summary>Reads and writes definition JSON in Elsa 3's camelCase shape.</summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: true);

    internal static JsonSerializerOptions Compact { get; } = CreateOptions(indented: false);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses a definition; malformed JSON becomes a <see cref="WorkflowDefinitionException"/> with the position.</summary>
    public static WorkflowDefinition Parse(string json, string? source = null)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowDefinition>(json, Options)
                   ?? throw new WorkflowDefinitionException(Describe(source) + "the document is empty (null)");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}: " : "";
            throw new WorkflowDefinitionException($"{Describe(source)}{where}invalid workflow JSON ({e.Message})", e);
        }
    }

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static WorkflowDefinition Clone(WorkflowDefinition definition) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(JsonSerializer.SerializeToUtf8Bytes(definition, Compact), Compact)!;

    private static string Describe(string? source) => source is null ? "" : source + ": ";
}

public sealed class WorkflowDefinitionException : Exception
{
    public WorkflowDefinitionException(string message) : base(message) { }

    public WorkflowDefinitionException(string message, Exception inner) : base(message, inner) { }

    public WorkflowDefinitionException(IReadOnlyList<string> errors)
        : base("The workflow definition is invalid: " + string.Join("; ", errors)) => Errors = errors;

    public IReadOnlyList<string> Errors { get; } = [];
}
