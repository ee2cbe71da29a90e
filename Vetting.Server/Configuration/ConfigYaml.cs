using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vetting.Server.Configuration;

/// <summary>Reading YAML nodes the way the config file needs them.</summary>
internal static class ConfigYaml
{
    public static int Line(YamlNode node) => (int)Math.Max(1, node.Start.Line);

    /// <summary>
    /// <c>key:</c> with nothing after it, <c>~</c>, <c>null</c> or <c>""</c>. All mean "not set", so the
    /// example file can list a key without a value and the default still applies.
    /// </summary>
    public static bool IsUnset(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "" } => true,
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: "~" or "null" or "Null" or "NULL" } => true,
        _ => false,
    };

    /// <summary>What was found, for "expected X, got Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsUnset(node) => "nothing",
        YamlScalarNode scalar => Quote(scalar.Value!),
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "an unsupported YAML node",
    };

    public static string Quote(string text) => '"' + text + '"';

    /// <summary>The entries of a mapping whose keys are plain names; other keys are reported and skipped.</summary>
    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string path, ConfigErrors errors)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is YamlScalarNode { Value: { Length: > 0 } key })
            {
                yield return (key, keyNode, value);
            }
            else
            {
                errors.Add(keyNode, path, "expected a key name, got " + Describe(keyNode));
            }
        }
    }
}
