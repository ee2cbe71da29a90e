using Vetting.Workflows.Activities;
using Vetting.Workflows.Expressions;

namespace Vetting.Workflows.Definitions;

/// <summary>What checking a definition found: errors refuse it, warnings only say what was guessed.</summary>
public sealed record ValidationReport(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// Checks a definition before it is stored or run. Every message names the activity or connection at fault so
/// the designer and the importer can show it as it is.
/// </summary>
public static class DefinitionValidator
{
    /// <summary>The errors that refuse the definition (see <see cref="Check"/> for the warnings too).</summary>
    public static IReadOnlyList<string> Validate(WorkflowDefinition definition, ActivityRegistry registry) =>
        Check(definition, registry).Errors;

    /// <summary>
    /// What no stored definition may have, even a draft kept unvalidated: no id, or an id or name with control
    /// characters (they would forge log lines, and PostgreSQL cannot store U+0000).
    /// </summary>
    public static IEnumerable<string> IdentityErrors(WorkflowDefinition definition)
    {
        if (string.IsNullOrWhiteSpace(definition.DefinitionId))
        {
            yield return "definitionId is required";
        }
        else if (definition.DefinitionId.Any(char.IsControl))
        {
            yield return "definitionId must not contain control characters";
        }

        if (definition.Name?.Any(char.IsControl) == true)
        {
            yield return "name must not contain control characters";
        }
    }

    public static ValidationReport Check(WorkflowDefinition definition, ActivityRegistry registry)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        errors.AddRange(IdentityErrors(definition));

        if (definition.Version < 1)
        {
            errors.Add($"version must be 1 or more (got {definition.Version})");
        }

        var root = definition.Root;
        if (root.Type != FlowchartModel.TypeName)
        {
            errors.Add($"root must be an {FlowchartModel.TypeName} (got '{root.Type}')");
        }

        var variableNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in definition.Variables)
        {
            if (string.IsNullOrWhiteSpace(variable.Name))
            {
                errors.Add("a variable has no name");
            }
            else if (!variableNames.Add(variable.Name))
            {
                errors.Add($"variable '{variable.Name}' is declared twice");
            }
        }

        var ids = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);
        foreach (var activity in root.Activities)
        {
            if (string.IsNullOrWhiteSpace(activity.Id))
            {
                errors.Add($"an activity of type '{activity.Type}' has no id");
                continue;
            }

            if (!ids.TryAdd(activity.Id, activity))
            {
                errors.Add($"duplicate activity id '{activity.Id}'");
                continue;
            }

            var descriptor = registry.Find(activity.Type);
            if (descriptor is null)
            {
                errors.Add($"activity '{activity.Id}' has unknown type '{activity.Type}'");
                continue;
            }

            ValidateInputs(activity, descriptor, definition.Variables, errors);
        }

        for (var i = 0; i < root.Connections.Count; i++)
        {
            ValidateConnection(i, root.Connections[i], ids, registry, errors);
        }

        if (root.Activities.Count == 0)
        {
            errors.Add("the flowchart has no activities");
        }
        else if (StartActivity.Find(definition) is { } start)
        {
            if (start.Warning is { } guessed)
            {
                warnings.Add(guessed);
            }
        }
        else
        {
            errors.Add($"start activity '{root.Start}' does not exist");
        }

        return new ValidationReport(errors, warnings);
    }

    /// <summary>The id of the activity the flowchart starts at (see <see cref="StartActivity"/>).</summary>
    public static string? FindStart(WorkflowDefinition definition) => StartActivity.Find(definition)?.Id;

    private static void ValidateConnection(int index, Connection c, Dictionary<string, ActivityNode> ids, ActivityRegistry registry, List<string> errors)
    {
        var label = $"connection #{index + 1} ({c.Source.Activity}:{c.Source.Port ?? Activity.DoneOutcome} → {c.Target.Activity})";
        if (!ids.TryGetValue(c.Source.Activity, out var source))
        {
            errors.Add($"{label}: source activity '{c.Source.Activity}' does not exist");
        }
        else if (registry.Find(source.Type) is { } descriptor && !descriptor.HasPort(c.Source.Port ?? Activity.DoneOutcome))
        {
            errors.Add($"{label}: '{source.Type}' has no outcome '{c.Source.Port}' (it has {string.Join(", ", descriptor.Outcomes)}, Faulted)");
        }

        if (!ids.ContainsKey(c.Target.Activity))
        {
            errors.Add($"{label}: target activity '{c.Target.Activity}' does not exist");
        }

        if (c.Target.Port is { } port && port != "In")
        {
            errors.Add($"{label}: target port must be 'In' (got '{port}')");
        }
    }

    private static void ValidateInputs(ActivityNode activity, ActivityDescriptor descriptor, IReadOnlyList<VariableDefinition> variables, List<string> errors)
    {
        foreach (var input in descriptor.Inputs)
        {
            if (activity.Properties is null || !activity.Properties.TryGetValue(input.Name, out var raw))
            {
                if (input.Required && input.DefaultValue is null)
                {
                    errors.Add($"activity '{activity.Id}': input '{input.Name}' is required");
                }

                continue;
            }

            try
            {
                var expression = InputExpression.Read(raw);
                switch (expression.Type)
                {
                    case ExpressionType.Literal:
                        var value = ValueConverter.Convert(expression.Value, input.ClrType);
                        if (value is null && input.Required)
                        {
                            errors.Add($"activity '{activity.Id}': input '{input.Name}' is required");
                        }

                        if (input.Options is { } options && value is string s && s.Length > 0 && !options.Contains(s, StringComparer.OrdinalIgnoreCase))
                        {
                            errors.Add($"activity '{activity.Id}': input '{input.Name}' is '{s}', expected one of {string.Join(", ", options)}");
                        }

                        if (value is VariableReference target && target.Resolve(variables) is null)
                        {
                            errors.Add(Undeclared(activity, input, target.ToString()));
                        }

                        break;
                    case ExpressionType.Variable:
                        var named = VariableReference.Read(expression.Value);
                        if (named?.Resolve(variables) is null)
                        {
                            errors.Add(Undeclared(activity, input, named?.ToString() ?? expression.Value.ToString()));
                        }

                        break;
                }
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                errors.Add($"activity '{activity.Id}': input '{input.Name}' ({input.TypeName}): {e.Message}");
            }
        }
    }

    private static string Undeclared(ActivityNode activity, InputDescriptor input, string variable) =>
        $"activity '{activity.Id}': input '{input.Name}' refers to undeclared variable '{variable}'";
}
