using System.Text.Json.Serialization;
using Vetting.Protocol.Hardware;

namespace Vetting.Protocol;

/// <summary>Body of <c>POST /api/v1/runs/{id}/instructions/{instructionId}/result</c>.</summary>
public sealed record StageResult
{
    // The source-generated reader assigns every init property, so an omitted list arrives as null: the getters
    // turn that into an empty list, as the contract treats an absent list.
    private readonly IReadOnlyList<Measurement>? _measurements;
    private readonly IReadOnlyList<string>? _artifacts;

    /// <summary>One of <see cref="StageStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>One line for the run tile and the report.</summary>
    public required string Summary { get; init; }

    public IReadOnlyList<Measurement> Measurements { get => _measurements ?? []; init => _measurements = value; }

    /// <summary>Only from the inventory stage.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Inventory? Inventory { get; init; }

    /// <summary>Set when <see cref="Status"/> is not <see cref="StageStatuses.Passed"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StageFailure? Failure { get; init; }

    /// <summary>Names of artifacts already uploaded for this stage (see <see cref="ArtifactName"/>).</summary>
    public IReadOnlyList<string> Artifacts { get => _artifacts ?? []; init => _artifacts = value; }
}
