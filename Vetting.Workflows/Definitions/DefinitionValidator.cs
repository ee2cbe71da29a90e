using Vetting.Workflows.Activities;
using Vetting.Workflows.Expressions;

namespace Vetting.Workflows.Definitions;

/// <summary>
/// Checks a definition before it is stored or run. Every message names the activity or connection at fault so
/// the designer and the importer can show it as it is.
/// </summary>
public static class DefinitionValidator
{
    public static IReadOnlyList<string> Validate(WorkflowDefinition definition, ActivityRegistry registry)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(definition.DefinitionId))
        {
            errors.Add("definitionId is required");
        }

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

            ValidateInputs(activity, descriptor, variableNames, errors);
        }

        for (var i = 0; i < root.Connections.Count; i++)
        {
            ValidateConnection(i, root.Connections[i], ids, registry, errors);
        }

        if (root.Activities.Count == 0)
        {
            errors.Add("the flowchart has no activities");
        }
        else if (FindStart(definition) is null)
        {
            errors.Add(root.Start is { } start && !ids.ContainsKey(start)
                ? $"start activity '{start}' does not exist"
                : "no start activity: set the flowchart's 'start', mark one activity with customProperties.canStartWorkflow, or leave exactly one activity without inbound connections");
        }

        return errors;
    }

    /// <summary>The flowchart's <c>start</c>, else the activity marked canStartWorkflow, else the only one without inbound connections.</summary>
    public static string? FindStart(WorkflowDefinition definition)
    {
        var root = definition.Root;
        if (root.Start is { } start)
        {
            return root.Activities.Any(a => a.Id == start) ? start : null;
        }

        var marked = root.Activities.Where(a => a.CanStartWorkflow).ToList();
        if (marked.Count == 1)
        {
            return marked[0].Id;
        }

        if (marked.Count > 1)
        {
            return null;
        }

        var targets = root.Connections.Select(c => c.Target.Activity).ToHashSet(StringComparer.Ordinal);
        var roots = root.Activities.Where(a => !targets.Contains(a.Id)).ToList();
        return roots.Count == 1 ? roots[0].Id : null;
    }

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

    private static void ValidateInputs(ActivityNode activity, ActivityDescriptor descriptor, HashSet<string> variables, List<string> errors)
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
                        if (input.Options is { } options && value is string s && s.Length > 0 && !options.Contains(s, StringComparer.OrdinalIgnoreCase))
                        {
                            errors.Add($"activity '{activity.Id}': input '{input.Name}' is '{s}', expected one of {string.Join(", ", options)}");
                        }

                        break;
                    case ExpressionType.Variable when !variables.Contains(expression.Value.GetString() ?? ""):
                        errors.Add($"activity '{activity.Id}': input '{input.Name}' refers to undeclared variable '{expression.Value}'");
                        break;
                }
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                errors.Add($"activity '{activity.Id}': input '{input.Name}' ({input.TypeName}): {e.Message}");
            }
        }
    }
}
