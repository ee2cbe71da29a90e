namespace Vetting.Workflows.Activities;

/// <summary>
/// Declares an activity type. The type name is <c>{Namespace}.{Name}</c> (for example <c>Vetting.RunStage</c>),
/// which is what definitions store in an activity's <c>type</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string name) : Attribute
{
    public string Namespace { get; } = @namespace;
    public string Name { get; } = name;
    public int Version { get; init; } = 1;
    public string Category { get; init; } = "Miscellaneous";
    public string? DisplayName { get; init; }
    public string? Description { get; init; }

    /// <summary>The ports the activity can complete through, in the order the designer shows them.</summary>
    public string[] Outcomes { get; init; } = ["Done"];
}

/// <summary>Marks a property as an input that a definition can set with an expression.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }

    /// <summary>Editor the designer uses; see <see cref="UiHints"/>. Inferred from the property type when null.</summary>
    public string? UiHint { get; init; }

    /// <summary>Default as the literal text a definition would hold (e.g. <c>"00:10:00"</c>).</summary>
    public string? DefaultValue { get; init; }

    public string[]? Options { get; init; }

    public bool Required { get; init; }
}

public static class UiHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Dropdown = "dropdown";
    public const string Checkbox = "checkbox";
    public const string TimeSpan = "timespan";
    public const string Code = "code";
    public const string Json = "json";
}
