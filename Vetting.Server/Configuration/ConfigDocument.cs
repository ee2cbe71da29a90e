using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vetting.Server.Configuration;

/// <summary>Turns the file's text into YAML nodes that still know their line, or a located syntax error.</summary>
internal static partial class ConfigDocument
{
    /// <returns>The root node; null for an empty file or when the text is not YAML (then <paramref name="errors"/> says why).</returns>
    public static YamlNode? Parse(string yaml, ConfigErrors errors)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            errors.Add((int)Math.Max(1, e.Start.Line), "", "invalid YAML: " + Position().Replace(e.Message, ""));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException for some malformed flow
            // collections (aaubry/YamlDotNet#541); its position still tells the operator where to look.
            errors.Add((int)Math.Max(1, scanner.CurrentPosition.Line), "", "invalid YAML: is a { or [ above left open?");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(stream.Documents[1].RootNode, "", "invalid YAML: expected a single document, found a second after ---");
            return null;
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the error already names the line.
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex Position();
}
