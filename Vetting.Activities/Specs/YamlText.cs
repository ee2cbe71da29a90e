using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vetting.Activities.Specs;

/// <summary>Reading the YAML representation model the way the spec grammar needs it.</summary>
internal static class YamlText
{
    public static int Line(YamlNode node) => (int)Math.Max(1, node.Start.Line);

    /// <summary>An empty value, <c>~</c> or <c>null</c> (unquoted, as YAML's core schema has it).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>What was found, for "expected X, got Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "nothing",
        // Never the whole value: an error about a megabyte scalar must not echo it.
        YamlScalarNode { Value.Length: > 60 } scalar => '"' + scalar.Value![..60] + "\"… (" + scalar.Value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters)",
        YamlScalarNode scalar => '"' + scalar.Value + '"',
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "an unsupported YAML node",
    };

    public static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>The key/value pairs of a mapping; keys that are not plain names are reported and skipped.</summary>
    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string path, SpecErrors errors)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } key } && !IsNull(keyNode))
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
