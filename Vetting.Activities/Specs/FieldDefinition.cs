namespace Vetting.Activities.Specs;

/// <summary>A key the spec accepts and where its value is found in the inventory (<typeparamref name="T"/>).</summary>
internal sealed record FieldDefinition<T>(string Key, FieldKind Kind, Func<T, object?> Actual)
{
    /// <summary>How far from a written number the actual value may be and still match.</summary>
    public Func<double, double>? Tolerance { get; init; }
}
