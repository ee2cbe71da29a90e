using System.Globalization;
using Vetting.Protocol.Hardware;
using YamlDotNet.RepresentationModel;

namespace Vetting.Activities.Specs;

/// <summary>Walks a spec document against <see cref="SpecSchema"/>, collecting expectations and errors.</summary>
internal sealed class SpecReader
{
    private const string CountKey = "count";
    private const string ThresholdsKey = "thresholds";

    private readonly SpecErrors errors = new();
    private readonly MatcherReader matchers;
    private readonly List<SpecExpectation> expectations = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, double>> thresholds = new(StringComparer.Ordinal);
    private readonly List<SpecDiff> ignored = [];
    private readonly List<DeviceThreshold> deviceThresholds = [];
    private readonly bool ignoreUnknownThresholds;

    /// <param name="ignoreUnknownThresholds">Report threshold names no stage reads in <see cref="ExpectedSpec.Ignored"/> instead of as errors.</param>
    public SpecReader(bool ignoreUnknownThresholds = false)
    {
        matchers = new MatcherReader(errors);
        this.ignoreUnknownThresholds = ignoreUnknownThresholds;
    }

    public IReadOnlyList<SpecError> Errors => errors.All;

    public ExpectedSpec Read(YamlNode root)
    {
        if (YamlText.IsNull(root))
        {
            return ExpectedSpec.Empty;
        }

        if (root is not YamlMappingNode mapping)
        {
            errors.Add(root, "", "expected a mapping of sections (system, cpu, memory, disks, ...), got " + YamlText.Describe(root));
            return ExpectedSpec.Empty;
        }

        foreach (var (key, keyNode, value) in YamlText.Entries(mapping, "", errors))
        {
            if (SpecSchema.Sections.TryGetValue(key, out var fields))
            {
                ReadSection(key, fields, value);
                continue;
            }

            switch (key)
            {
                case "disks":
                    ReadDeviceList(key, SpecSchema.Disks, value);
                    break;
                case "nics":
                    ReadDeviceList(key, SpecSchema.Nics, value);
                    break;
                case "gpus":
                    ReadDeviceList(key, SpecSchema.Gpus, value);
                    break;
                case "pci":
                    ReadDeviceList(key, SpecSchema.Pci, value);
                    break;
                case ThresholdsKey:
                    ReadThresholds(value);
                    break;
                default:
                    errors.Add(keyNode, key, "unknown key");
                    break;
            }
        }

        return new ExpectedSpec(expectations, thresholds, ignored, deviceThresholds);
    }

    private void ReadSection(string path, IReadOnlyList<FieldDefinition<Inventory>> fields, YamlNode node)
    {
        if (AsMapping(node, path) is not { } mapping)
        {
            return;
        }

        foreach (var (key, keyNode, value) in YamlText.Entries(mapping, path, errors))
        {
            var fieldPath = YamlText.Child(path, key);
            if (Find(fields, key) is not { } field)
            {
                errors.Add(keyNode, fieldPath, "unknown key");
            }
            else if (matchers.Read(value, field.Kind, field.Tolerance, fieldPath, allowSeverity: true) is { } parsed)
            {
                expectations.Add(new FieldExpectation(fieldPath, YamlText.Line(keyNode), parsed.Matcher, parsed.Severity, field.Actual));
            }
        }
    }

    private void ReadDeviceList<T>(string path, DeviceListDefinition<T> definition, YamlNode node)
    {
        if (YamlText.IsNull(node))
        {
            return;
        }

        if (node is not YamlSequenceNode list)
        {
            errors.Add(node, path, "expected a list, got " + YamlText.Describe(node));
            return;
        }

        for (var index = 0; index < list.Children.Count; index++)
        {
            var entryPath = string.Format(CultureInfo.InvariantCulture, "{0}[{1}]", path, index);
            if (list.Children[index] is YamlMappingNode entry)
            {
                ReadDeviceEntry(entryPath, definition, entry);
            }
            else
            {
                errors.Add(list.Children[index], entryPath, "expected a mapping, got " + YamlText.Describe(list.Children[index]));
            }
        }
    }

    private void ReadDeviceEntry<T>(string path, DeviceListDefinition<T> definition, YamlMappingNode entry)
    {
        var filters = new List<(string Key, FieldDefinition<T> Field, Matcher Matcher)>();
        Matcher count = NumberMatcher.Exactly(1);
        var severity = SpecSeverity.Fail;
        var limits = new Dictionary<string, double>(StringComparer.Ordinal);
        var before = errors.Count;

        foreach (var (key, keyNode, value) in YamlText.Entries(entry, path, errors))
        {
            var fieldPath = YamlText.Child(path, key);
            if (definition.Thresholds is { } takes && takes.Names.Contains(key))
            {
                if (matchers.ReadNumber(value, fieldPath) is { } limit)
                {
                    if (limit > 0)
                    {
                        limits[key] = limit;
                    }
                    else
                    {
                        errors.Add(value, fieldPath, "expected a number greater than 0");
                    }
                }
            }
            else if (key == CountKey)
            {
                count = matchers.Read(value, FieldKind.Integer, null, fieldPath, allowSeverity: false)?.Matcher ?? count;
            }
            else if (key == MatcherReader.SeverityKey)
            {
                severity = matchers.ReadSeverity(value, fieldPath) ?? severity;
            }
            else if (Find(definition.Fields, key) is not { } field)
            {
                errors.Add(keyNode, fieldPath, "unknown key");
            }
            else if (matchers.Read(value, field.Kind, field.Tolerance, fieldPath, allowSeverity: false) is { } parsed)
            {
                filters.Add((key, field, parsed.Matcher));
            }
        }

        if (errors.Count > before)
        {
            return;
        }

        var of = filters.Count == 0
            ? "any " + definition.Noun
            : string.Join(", ", filters.Select(filter => filter.Key + " " + filter.Matcher.Expected));
        var expected = "count " + count.Expected + " of " + of;
        bool Matches(T device) => filters.All(filter => filter.Matcher.Matches(filter.Field.Actual(device)));
        expectations.Add(new DeviceExpectation(path, YamlText.Line(entry), expected, count, severity, inventory =>
            definition.Devices(inventory)?.Count(Matches)));
        if (limits.Count > 0 && definition.Thresholds is { } thresholdsOf)
        {
            deviceThresholds.Add(new DeviceThreshold(path, thresholdsOf.Stage, limits, inventory =>
                [.. (definition.Devices(inventory) ?? []).Where(Matches).Select(thresholdsOf.Key).OfType<string>()]));
        }
    }

    private void ReadThresholds(YamlNode node)
    {
        if (AsMapping(node, ThresholdsKey) is not { } stages)
        {
            return;
        }

        foreach (var (stage, stageNode, value) in YamlText.Entries(stages, ThresholdsKey, errors))
        {
            var stagePath = YamlText.Child(ThresholdsKey, stage);
            if (!SpecSchema.ThresholdStages.Contains(stage))
            {
                errors.Add(stageNode, stagePath, "unknown key");
                continue;
            }

            if (AsMapping(value, stagePath) is not { } names)
            {
                continue;
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, nameNode, number) in YamlText.Entries(names, stagePath, errors))
            {
                var namePath = YamlText.Child(stagePath, name);
                var known = SpecSchema.Thresholds[stage];
                if (!known.Contains(name))
                {
                    var takes = known.Count == 0 ? "none" : string.Join(", ", known);
                    if (ignoreUnknownThresholds)
                    {
                        ignored.Add(new SpecDiff(namePath, $"a threshold the {stage} stage reads ({takes})",
                            $"{(number is YamlScalarNode { Value: { } raw } ? raw : YamlText.Describe(number))} (ignored; edit the host's spec)", SpecSeverity.Warn));
                    }
                    else
                    {
                        errors.Add(nameNode, namePath, known.Count == 0
                            ? $"unknown threshold: the {stage} stage takes none"
                            : $"unknown threshold (the {stage} stage takes {takes})");
                    }
                }
                else if (matchers.ReadNumber(number, namePath) is { } threshold)
                {
                    values[name] = threshold;
                }
            }

            thresholds[stage] = values;
        }
    }

    /// <summary>A section's mapping; an empty section (<c>cpu:</c>) is allowed and checks nothing.</summary>
    private YamlMappingNode? AsMapping(YamlNode node, string path)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        if (!YamlText.IsNull(node))
        {
            errors.Add(node, path, "expected a mapping, got " + YamlText.Describe(node));
        }

        return null;
    }

    private static FieldDefinition<T>? Find<T>(IReadOnlyList<FieldDefinition<T>> fields, string key) =>
        fields.FirstOrDefault(field => field.Key == key);
}
