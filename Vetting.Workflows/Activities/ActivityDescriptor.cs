using System.Text.Json.Serialization;

namespace Vetting.Workflows.Activities;

/// <summary>What the designer needs to know about an activity type; built from the class by reflection once.</summary>
public sealed record ActivityDescriptor(
    [property: JsonPropertyName("type")] string TypeName,
    int Version,
    string Category,
    string DisplayName,
    string Description,
    IReadOnlyList<InputDescriptor> Inputs,
    IReadOnlyList<string> Outcomes)
{
    [JsonIgnore]
    public Type ClrType { get; init; } = typeof(object);

    [JsonIgnore]
    internal Func<Activity> Factory { get; init; } = () => throw new InvalidOperationException();

    /// <summary>Ports a connection may leave from: the declared outcomes plus the implicit <c>Faulted</c> port.</summary>
    public bool HasPort(string port) => port == Activity.FaultedOutcome || Outcomes.Contains(port, StringComparer.Ordinal);

    public InputDescriptor? FindInput(string name) =>
        Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
}

public sealed record InputDescriptor(
    string Name,
    string TypeName,
    string UiHint,
    string? DisplayName,
    string? Description,
    [property: JsonPropertyName("default")] string? DefaultValue,
    IReadOnlyList<string>? Options,
    bool Required)
{
    [JsonIgnore]
    public Type ClrType { get; init; } = typeof(object);

    [JsonIgnore]
    internal Action<Activity, object?> Setter { get; init; } = (_, _) => { };
}
