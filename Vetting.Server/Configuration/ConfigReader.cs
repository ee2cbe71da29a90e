using Vetting.Activities.Yaml;
using YamlDotNet.RepresentationModel;

namespace Vetting.Server.Configuration;

/// <summary>Walks the document's sections against <see cref="ConfigSchema"/>, filling a <see cref="VettingConfig"/>.</summary>
internal sealed class ConfigReader(VettingConfig config, ConfigErrors errors, string baseDirectory)
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    /// <summary>The line of every key found in the file, for errors about keys that depend on each other.</summary>
    public IReadOnlyDictionary<string, int> Lines => _lines;

    public void Read(YamlNode root)
    {
        if (StrictYaml.IsNullOrEmpty(root))
        {
            return;
        }

        if (root is not YamlMappingNode mapping)
        {
            errors.Add(root, "", "expected a mapping of sections (server, paths, runs, ...), got " + StrictYaml.Describe(root));
            return;
        }

        foreach (var (key, keyNode, value) in StrictYaml.Entries(mapping, "", errors))
        {
            _lines[key] = StrictYaml.Line(keyNode);
            if (key == ConfigSchema.NotifiersKey)
            {
                config.Notifiers.AddRange(new NotifierReader(errors, baseDirectory).Read(value));
            }
            else if (ConfigSchema.Sections.Contains(key))
            {
                ReadSection(key, value);
            }
            else
            {
                Unknown(keyNode, "", key);
            }
        }
    }

    private void ReadSection(string section, YamlNode node)
    {
        if (StrictYaml.IsNullOrEmpty(node))
        {
            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node, section, "expected a mapping of keys, got " + StrictYaml.Describe(node));
            return;
        }

        foreach (var (name, keyNode, value) in StrictYaml.Entries(mapping, section, errors))
        {
            if (ConfigSchema.Find(section, name) is { } key)
            {
                _lines[key.FullName] = StrictYaml.Line(keyNode);
                key.Apply(config, new ConfigValue(value, key.FullName, errors, baseDirectory));
            }
            else
            {
                Unknown(keyNode, section, name);
            }
        }
    }

    private void Unknown(YamlNode keyNode, string section, string name)
    {
        var hint = KeySuggestion.For(section, name, ConfigSchema.AllNames);
        errors.Add(keyNode, section.Length == 0 ? name : section + "." + name, hint is null ? "unknown key" : $"unknown key ({hint})");
    }
}
