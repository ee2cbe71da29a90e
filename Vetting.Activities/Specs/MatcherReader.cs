// Over 250 lines on purpose: every value form an operator may write (scalar, glob, /regex/, {min,max}, includes,
// units) is read here, so one file answers "what may I write for this field" and its error wording stays uniform.
using System.Globalization;
using Vetting.Activities.Yaml;
using Vetting.Protocol;
using YamlDotNet.RepresentationModel;

namespace Vetting.Activities.Specs;

/// <summary>
/// Reads one field's value: a scalar (equal / glob / regex), a list (flags), or a mapping
/// <c>{equals | min | max | includes, severity}</c>. Problems go to <see cref="SpecErrors"/>; null is returned then.
/// </summary>
internal sealed class MatcherReader(SpecErrors errors)
{
    private const string EqualsKey = "equals";
    private const string MinKey = "min";
    private const string MaxKey = "max";
    private const string IncludesKey = "includes";
    public const string SeverityKey = "severity";

    /// <param name="allowSeverity">False inside device-list entries, whose severity is set once per entry.</param>
    public ParsedMatcher? Read(YamlNode node, FieldKind kind, Func<double, double>? tolerance, string path, bool allowSeverity) =>
        node is YamlMappingNode mapping
            ? ReadMapping(mapping, kind, tolerance, path, allowSeverity)
            : ReadValue(node, kind, tolerance, path) is { } matcher ? new ParsedMatcher(matcher, SpecSeverity.Fail) : null;

    public string? ReadSeverity(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: SpecSeverity.Warn or SpecSeverity.Fail } scalar)
        {
            return scalar.Value;
        }

        errors.Add(node, path, "expected warn or fail, got " + StrictYaml.Describe(node));
        return null;
    }

    public double? ReadNumber(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text } && !StrictYaml.IsNull(node)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors.Add(node, path, "expected a number, got " + StrictYaml.Describe(node));
        return null;
    }

    private ParsedMatcher? ReadMapping(YamlMappingNode mapping, FieldKind kind, Func<double, double>? tolerance, string path, bool allowSeverity)
    {
        var numeric = kind is FieldKind.Integer or FieldKind.Number;
        YamlNode? equals = null, min = null, max = null, includes = null;
        var severity = SpecSeverity.Fail;
        var before = errors.Count;

        foreach (var (key, keyNode, value) in StrictYaml.Entries(mapping, path, errors))
        {
            var keyPath = StrictYaml.Child(path, key);
            switch (key)
            {
                case EqualsKey when kind != FieldKind.Flags:
                    equals = value;
                    break;
                case MinKey when numeric:
                    min = value;
                    break;
                case MaxKey when numeric:
                    max = value;
                    break;
                case IncludesKey when kind == FieldKind.Flags:
                    includes = value;
                    break;
                case SeverityKey when allowSeverity:
                    severity = ReadSeverity(value, keyPath) ?? severity;
                    break;
                case SeverityKey:
                    errors.Add(keyNode, keyPath, "severity applies to the whole entry: set it next to count");
                    break;
                default:
                    errors.Add(keyNode, keyPath, "unknown key");
                    break;
            }
        }

        if (equals is null && min is null && max is null && includes is null)
        {
            // After an unknown key the operator most likely misspelt one of these: say that only once.
            if (errors.Count == before)
            {
                errors.Add(mapping, path, kind switch
                {
                    FieldKind.Flags => "expected includes",
                    _ when numeric => "expected equals, min or max",
                    _ => "expected equals",
                });
            }

            return null;
        }

        Matcher? matcher;
        if (equals is not null && (min is not null || max is not null))
        {
            matcher = Refuse(mapping, path, "use either equals or min/max, not both");
        }
        else if (equals is not null)
        {
            matcher = ReadValue(equals, kind, tolerance, StrictYaml.Child(path, EqualsKey));
        }
        else if (includes is not null)
        {
            matcher = ReadFlagsNode(includes, StrictYaml.Child(path, IncludesKey));
        }
        else
        {
            matcher = ReadBounds(mapping, kind, tolerance, path, min, max);
        }

        return matcher is null || errors.Count > before ? null : new ParsedMatcher(matcher, severity);
    }

    private Matcher? ReadBounds(YamlMappingNode mapping, FieldKind kind, Func<double, double>? tolerance, string path, YamlNode? minNode, YamlNode? maxNode)
    {
        var min = minNode is null ? null : ReadNumberOfKind(minNode, kind, StrictYaml.Child(path, MinKey));
        var max = maxNode is null ? null : ReadNumberOfKind(maxNode, kind, StrictYaml.Child(path, MaxKey));
        if ((minNode is not null && min is null) || (maxNode is not null && max is null))
        {
            return null;
        }

        return min > max
            ? Refuse(mapping, path, "min is greater than max")
            : NumberMatcher.Between(min, max, tolerance);
    }

    private Matcher? ReadValue(YamlNode node, FieldKind kind, Func<double, double>? tolerance, string path)
    {
        if (kind == FieldKind.Flags)
        {
            return ReadFlagsNode(node, path);
        }

        if (node is not YamlScalarNode { Value: { } text } || StrictYaml.IsNull(node))
        {
            return Refuse(node, path, $"expected {Describe(kind)}, got {StrictYaml.Describe(node)}");
        }

        switch (kind)
        {
            case FieldKind.Text:
                return ReadText(node, text, path);
            case FieldKind.Mac:
                return ReadMac(node, text, path);
            case FieldKind.Boolean:
                return bool.TryParse(text, out var flag) ? new BooleanMatcher(flag) : Refuse(node, path, "expected true or false, got " + StrictYaml.Describe(node));
            default:
                return ReadNumberOfKind(node, kind, path) is { } number ? NumberMatcher.Exactly(number, tolerance) : null;
        }
    }

    private double? ReadNumberOfKind(YamlNode node, FieldKind kind, string path)
    {
        if (kind == FieldKind.Number)
        {
            return ReadNumber(node, path);
        }

        if (node is YamlScalarNode { Value: { } text } && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        errors.Add(node, path, "expected a whole number, got " + StrictYaml.Describe(node));
        return null;
    }

    private TextMatcher? ReadText(YamlNode node, string text, string path, Func<string, string>? normalizeActual = null)
    {
        try
        {
            return TextMatcher.Create(text, normalizeActual);
        }
        catch (ArgumentException e)
        {
            errors.Add(node, path, "invalid regular expression: " + e.Message);
            return null;
        }
    }

    // Exact MACs are compared in normal form; globs and regexes are kept as written and see the
    // inventory's MAC in normal form, so "ac:1f:6b:*" works whatever spelling the agent used.
    private TextMatcher? ReadMac(YamlNode node, string text, string path)
    {
        if (MacAddress.TryNormalize(text, out var mac))
        {
            return TextMatcher.Create(mac, NormalizeMac);
        }

        if (TextMatcher.IsGlob(text) || TextMatcher.IsRegex(text))
        {
            return ReadText(node, text, path, NormalizeMac);
        }

        errors.Add(node, path, "expected a MAC address, got " + StrictYaml.Describe(node));
        return null;
    }

    private static string NormalizeMac(string mac) => MacAddress.TryNormalize(mac, out var normalized) ? normalized : mac;

    private FlagsMatcher? ReadFlagsNode(YamlNode node, string path)
    {
        if (node is YamlSequenceNode list)
        {
            return ReadFlags(list, path);
        }

        errors.Add(node, path, "expected a list of flags, got " + StrictYaml.Describe(node));
        return null;
    }

    private FlagsMatcher? ReadFlags(YamlSequenceNode list, string path)
    {
        var flags = new List<string>();
        foreach (var (item, index) in list.Children.Select((item, index) => (item, index)))
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } flag } && !StrictYaml.IsNull(item))
            {
                flags.Add(flag);
            }
            else
            {
                errors.Add(item, string.Format(CultureInfo.InvariantCulture, "{0}[{1}]", path, index), "expected a flag name, got " + StrictYaml.Describe(item));
            }
        }

        return flags.Count == list.Children.Count ? new FlagsMatcher(flags) : null;
    }

    private Matcher? Refuse(YamlNode node, string path, string message)
    {
        errors.Add(node, path, message);
        return null;
    }

    private static string Describe(FieldKind kind) => kind switch
    {
        FieldKind.Text => "a string",
        FieldKind.Mac => "a MAC address",
        FieldKind.Integer => "a whole number",
        FieldKind.Number => "a number",
        FieldKind.Boolean => "true or false",
        FieldKind.Flags => "a list of flags",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
