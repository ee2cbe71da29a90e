using System.Globalization;
using Vetting.Activities.Yaml;
using YamlDotNet.RepresentationModel;

namespace Vetting.Server.Configuration;

/// <summary>
/// One value from the file at a known key. Every conversion returns null both when the key is unset and when
/// the value is bad (after recording an error naming the key and line), so the schema can write
/// <c>x = value.Int(...) ?? x</c> and the reader carries on to report every problem at once.
/// </summary>
internal sealed class ConfigValue(YamlNode node, string key, ConfigErrors errors, string baseDirectory)
{
    public bool IsList => node is YamlSequenceNode;

    public string? Text()
    {
        if (StrictYaml.IsNullOrEmpty(node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text })
        {
            return text.Trim();
        }

        return Reject("expected a single value, got " + StrictYaml.Describe(node));
    }

    /// <summary>Text that passes <paramref name="problem"/>, which returns what is wrong or null.</summary>
    public string? Checked(Func<string, string?> problem)
    {
        var text = Text();
        return text is not null && problem(text) is { } wrong ? Reject(wrong) : text;
    }

    public int? Int(int min, int max = int.MaxValue)
    {
        if (Text() is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return RejectStruct<int>($"{StrictYaml.Quote(text)} is not a whole number");
        }

        if (value >= min && value <= max)
        {
            return value;
        }

        return RejectStruct<int>(max == int.MaxValue
            ? string.Format(CultureInfo.InvariantCulture, "must be at least {0}, got {1}", min, value)
            : string.Format(CultureInfo.InvariantCulture, "must be {0}-{1}, got {2}", min, max, value));
    }

    /// <summary>Only true and false: YAML 1.1's yes/no/on/off read differently across tools, so they are refused.</summary>
    public bool? Bool() => Text() switch
    {
        null => null,
        var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var text => RejectStruct<bool>($"{StrictYaml.Quote(text)} is not true or false"),
    };

    /// <summary>A positive duration; see <see cref="Durations"/> for the accepted forms.</summary>
    public TimeSpan? Duration()
    {
        if (Text() is not { } text)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var duration))
        {
            var hint = int.TryParse(text, CultureInfo.InvariantCulture, out _) ? "needs a unit" : "is not a duration";
            return RejectStruct<TimeSpan>($"{StrictYaml.Quote(text)} {hint} ({Durations.Hint})");
        }

        return duration > TimeSpan.Zero ? duration : RejectStruct<TimeSpan>($"must be longer than 0, got {text}");
    }

    public string? OneOf(params string[] choices) =>
        Checked(text => choices.Contains(text, StringComparer.Ordinal) ? null : $"must be {Choices(choices)}, got {StrictYaml.Quote(text)}");

    /// <summary>An absolute http or https URL.</summary>
    public string? HttpUrl() => Checked(text =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
            ? null
            : $"{StrictYaml.Quote(text)} is not an absolute http(s) URL (e.g. http://vetting.lan:8080)");

    /// <summary>A folder or file, made absolute against the config file's folder.</summary>
    public string? Path() =>
        Checked(TildeProblem) is { } text ? System.IO.Path.GetFullPath(text, baseDirectory) : null;

    /// <summary>Like <see cref="Path"/>, but a bare program name is left for the PATH lookup when it is started.</summary>
    public string? ProgramPath()
    {
        var text = Checked(TildeProblem);
        return text is not null && text.Contains('/', StringComparison.Ordinal) ? System.IO.Path.GetFullPath(text, baseDirectory) : text;
    }

    /// <summary>A list of single values, each passing <paramref name="problem"/>; null when unset or when any item is bad.</summary>
    public List<string>? List(Func<string, string?>? problem = null)
    {
        if (StrictYaml.IsNullOrEmpty(node))
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            return Reject<List<string>>("expected a list (e.g. [a, b]), got " + StrictYaml.Describe(node));
        }

        var items = new List<string>();
        var ok = true;
        foreach (var item in sequence.Children)
        {
            var text = new ConfigValue(item, key, errors, baseDirectory).Checked(problem ?? (_ => null));
            ok &= text is not null;
            if (text is not null)
            {
                items.Add(text);
            }
            else if (StrictYaml.IsNullOrEmpty(item))
            {
                errors.Add(item, key, "empty list item");
            }
        }

        return ok ? items : null;
    }

    public static string Choices(IReadOnlyList<string> choices) =>
        choices.Count == 1 ? choices[0] : string.Join(", ", choices.Take(choices.Count - 1)) + " or " + choices[^1];

    /// <summary>Records <paramref name="problem"/> against this key and line; returns null for the caller to pass on.</summary>
    public string? Reject(string problem) => Reject<string>(problem);

    private T? Reject<T>(string problem)
        where T : class
    {
        errors.Add(node, key, problem);
        return null;
    }

    private T? RejectStruct<T>(string problem)
        where T : struct
    {
        errors.Add(node, key, problem);
        return null;
    }

    private static string? TildeProblem(string text) =>
        text.StartsWith('~') ? $"{StrictYaml.Quote(text)}: ~ is not expanded here; write the full path" : null;
}
