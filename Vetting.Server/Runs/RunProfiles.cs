using System.Text.Json;
using Vetting.Activities.Steps;
using Vetting.Workflows.Definitions;

namespace Vetting.Server.Runs;

/// <summary>
/// The profiles a workflow offers are the keys of its <c>profiles</c> variable, where RunStage reads each stage's
/// parameters: an operator who adds a profile there (in the designer or the JSON) can start runs with it. Elsa Studio
/// saves the value as JSON text; <see cref="VariableDefinition.InitialValue"/> reads either form.
/// </summary>
public static class RunProfiles
{
    /// <summary>What Start Vetting uses when no profile is named.</summary>
    public const string Default = "standard";

    /// <summary>The definition's profiles in their order; a workflow without a <c>profiles</c> variable offers only <see cref="Default"/>.</summary>
    public static IReadOnlyList<string> Of(WorkflowDefinition definition) =>
        definition.Variables.FirstOrDefault(v => v.Name == RunStage.ProfilesVariable)?.InitialValue() is { ValueKind: JsonValueKind.Object } profiles
            ? [.. profiles.EnumerateObject().Select(p => p.Name)]
            : [Default];
}
