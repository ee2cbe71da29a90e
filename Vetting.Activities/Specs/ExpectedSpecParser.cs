using Vetting.Activities.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vetting.Activities.Specs;

/// <summary>
/// Reads the per-host expected spec (YAML). Uses YamlDotNet's representation model rather than its
/// deserializer so that every error can name the line and key path the operator has to fix.
/// </summary>
public static class ExpectedSpecParser
{
    /// <param name="ignoreUnknownThresholds">
    /// For a spec that was stored earlier (a host's, copied onto a run): a threshold name no stage reads is skipped
    /// and listed in <see cref="ExpectedSpec.Ignored"/> instead of refusing the whole spec. Saving a spec is strict.
    /// </param>
    /// <exception cref="SpecValidationException">The spec is not valid YAML or does not follow the grammar.</exception>
    public static ExpectedSpec Parse(string yaml, bool ignoreUnknownThresholds = false)
    {
        var (spec, errors) = Read(yaml, ignoreUnknownThresholds);
        return spec ?? throw new SpecValidationException(errors);
    }

    /// <summary>Every problem in the spec; empty when it is valid.</summary>
    public static IReadOnlyList<SpecError> Validate(string yaml) => Read(yaml, ignoreUnknownThresholds: false).Errors;

    private static (ExpectedSpec? Spec, IReadOnlyList<SpecError> Errors) Read(string yaml, bool ignoreUnknownThresholds)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var scanner = new Scanner(new StringReader(yaml));
        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            return (null, [new SpecError((int)Math.Max(1, e.Start.Line), "", e.Message)]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException for some malformed flow
            // collections (aaubry/YamlDotNet#541); its position still tells the operator where to look.
            return (null, [new SpecError((int)Math.Max(1, scanner.CurrentPosition.Line), "", "invalid YAML here: is a { or [ above left open?")]);
        }

        switch (stream.Documents.Count)
        {
            case 0:
                return (ExpectedSpec.Empty, []);
            case > 1:
                return (null, [new SpecError(StrictYaml.Line(stream.Documents[1].RootNode), "", "expected a single YAML document")]);
        }

        var reader = new SpecReader(ignoreUnknownThresholds);
        var spec = reader.Read(stream.Documents[0].RootNode);
        return reader.Errors.Count == 0 ? (spec, []) : (null, reader.Errors);
    }
}
