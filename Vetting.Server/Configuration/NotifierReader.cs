using System.Globalization;
using Vetting.Activities.Yaml;
using YamlDotNet.RepresentationModel;

namespace Vetting.Server.Configuration;

/// <summary>Reads the <c>notifiers</c> list: each entry a mapping with a <c>type</c> and that type's settings.</summary>
internal sealed class NotifierReader(ConfigErrors errors, string baseDirectory)
{
    public List<NotifierOptions> Read(YamlNode node)
    {
        if (StrictYaml.IsNullOrEmpty(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            errors.Add(node, ConfigSchema.NotifiersKey, "expected a list of notifiers (- type: ntfy, ...), got " + StrictYaml.Describe(node));
            return [];
        }

        var notifiers = new List<NotifierOptions>();
        for (var index = 0; index < list.Children.Count; index++)
        {
            var path = string.Format(CultureInfo.InvariantCulture, "{0}[{1}]", ConfigSchema.NotifiersKey, index);
            if (list.Children[index] is YamlMappingNode entry)
            {
                if (ReadEntry(path, entry) is { } notifier)
                {
                    notifiers.Add(notifier);
                }
            }
            else
            {
                errors.Add(list.Children[index], path, "expected a mapping with a type, got " + StrictYaml.Describe(list.Children[index]));
            }
        }

        return notifiers;
    }

    private NotifierOptions? ReadEntry(string path, YamlMappingNode entry)
    {
        var entries = StrictYaml.Entries(entry, path, errors).ToList();
        var typePath = path + "." + NotifierSchema.TypeKey;
        var typeNode = entries.FirstOrDefault(e => e.Key == NotifierSchema.TypeKey).Value;
        var type = typeNode is null ? null : new ConfigValue(typeNode, typePath, errors, baseDirectory).OneOf([.. NotifierSchema.Types.Keys]);
        if (type is null)
        {
            if (typeNode is null || StrictYaml.IsNullOrEmpty(typeNode))
            {
                errors.Add(entry, typePath, $"required ({ConfigValue.Choices([.. NotifierSchema.Types.Keys])})");
            }

            return null;
        }

        var schema = NotifierSchema.Types[type];
        var options = new NotifierOptions { Type = type };
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in entries.Where(e => e.Key != NotifierSchema.TypeKey))
        {
            var keyPath = path + "." + key;
            if (schema.FirstOrDefault(setting => setting.Name == key) is not { } setting)
            {
                var known = ConfigValue.Choices([.. schema.Select(s => s.Name)]);
                errors.Add(keyNode, keyPath, $"unknown key for a {type} notifier (it takes {known})");
            }
            else if (setting.Read(new ConfigValue(value, keyPath, errors, baseDirectory)) is { Length: > 0 } text)
            {
                options.Settings[key] = text;
            }
            else if (!StrictYaml.IsNullOrEmpty(value) && value is not YamlSequenceNode { Children.Count: 0 })
            {
                rejected.Add(key);
            }
        }

        // A required key with a bad value has been reported already; only the absent or empty ones are left.
        foreach (var missing in schema.Where(s => s.Required && !options.Settings.ContainsKey(s.Name) && !rejected.Contains(s.Name)))
        {
            errors.Add(entry, path + "." + missing.Name, $"required for a {type} notifier");
        }

        return options;
    }
}
