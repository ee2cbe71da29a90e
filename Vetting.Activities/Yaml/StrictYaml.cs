using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vetting.Activities.Yaml;

/// <summary>Where a strict reader reports a problem: the node (for its line), the dotted path and what is wrong.</summary>
public interface IYamlErrors
{
    void Add(YamlNode node, string path, string message);
}

/// <summary>
/// Reading YAML's representation model strictly, for the two YAML documents operators write: the server's config
/// and a host's expected spec. Both name the line and the dotted path of every problem and never echo a huge value.
/// </summary>
public static class StrictYaml
{
    private const int QuotedLength = 60;

    public static int Line(YamlNode node) => (int)Math.Max(1, node.Start.Line);

    /// <summary>YAML's core-schema null: an empty value, <c>~</c> or <c>null</c>, unquoted. A quoted <c>""</c> is an empty string.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>
    /// Null, or an empty string in any quoting. A config key written this way is "not set", so the example file can
    /// list a key without a value and the default still applies; a spec field is different (an empty string is a value).
    /// </summary>
    public static bool IsNullOrEmpty(YamlNode node) => IsNull(node) || node is YamlScalarNode { Value: "" };

    /// <summary>What was found, for "expected X, got Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => Quote(scalar.Value ?? ""),
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "an unsupported YAML node",
    };

    /// <summary>A value in double quotes; never the whole of a long one (an error about a megabyte scalar must not echo it).</summary>
    public static string Quote(string text) => text.Length > QuotedLength
        ? '"' + text[..QuotedLength] + "\"… (" + text.Length.ToString(CultureInfo.InvariantCulture) + " characters)"
        : '"' + text + '"';

    public static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>The key/value pairs of a mapping; a key that is not a name (empty, null, a list) is reported and skipped.</summary>
    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string path, IYamlErrors errors)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is YamlScalarNode { Value: { Length: > 0 } key } && !IsNull(keyNode))
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
