// Over 250 lines on purpose: one walk of the spec grammar (sections, device lists, thresholds) that must report
// every error with its line in one pass; split by section it would pass the error list and the path around more.
using System.Globalization;
using Vetting.Activities.Yaml;
using Vetting.Protocol.Hardware;
using YamlDotNet.RepresentationModel;

namespace Vetting.Activities.Specs;

/// <summary>Walks a spec document against <see cref="SpecSchema"/>, collecting expectations and errors.</summary>
internal sealed class SpecReader
{
    private const string CountKey = "count";
    private const string ThresholdsKey = "thresholds";

    private readonly SpecErrors _errors = new();
    private readonly MatcherReader _matchers;
    private readonly List<SpecExpectation> _expectations = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, double>> _thresholds = new(StringComparer.Ordinal);
    private readonly List<SpecDiff> _ignored = [];
    private readonly List<DeviceThreshold> _deviceThresholds = [];
    private readonly bool _ignoreUnknownThresholds;

    /// <param name="ignoreUnknownThresholds">Report threshold names no stage reads in <see cref="ExpectedSpec.Ignored"/> instead of as errors.</param>
    public SpecReader(bool ignoreUnknownThresholds = false)
    {
        _matchers = new MatcherReader(_errors);
        _ignoreUnknownThresholds = ignoreUnknownThresholds;
    }

    public IReadOnlyList<SpecError> Errors => _errors.All;

    public ExpectedSpec Read(YamlNode root)
    {
        if (StrictYaml.IsNull(root))
        {
            return ExpectedSpec.Empty;
        }

        if (root is not YamlMappingNode mapping)
        {
            _errors.Add(root, "", "expected a mapping of sections (system, cpu, memory, disks, ...), got " + StrictYaml.Describe(root));
            return ExpectedSpec.Empty;
        }

        foreach (var (key, keyNode, value) in StrictYaml.Entries(mapping, "", _errors))
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
                    _errors.Add(keyNode, key, "unknown key");
                    break;
            }
        }

        return new ExpectedSpec(_expectations, _thresholds, _ignored, _deviceThresholds);
    }

    private void ReadSection(string path, IReadOnlyList<FieldDefinition<Inventory>> fields, YamlNode node)
    {
        if (AsMapping(node, path) is not { } mapping)
        {
            return;
        }

        foreach (var (key, keyNode, value) in StrictYaml.Entries(mapping, path, _errors))
        {
            var fieldPath = StrictYaml.Child(path, key);
            if (Find(fields, key) is not { } field)
            {
                _errors.Add(keyNode, fieldPath, "unknown key");
            }
            else if (_matchers.Read(value, field.Kind, field.Tolerance, fieldPath, allowSeverity: true) is { } parsed)
            {
                _expectations.Add(new FieldExpectation(fieldPath, StrictYaml.Line(keyNode), parsed.Matcher, parsed.Severity, field.Actual));
            }
        }
    }

    private void ReadDeviceList<T>(string path, DeviceListDefinition<T> definition, YamlNode node)
    {
        if (StrictYaml.IsNull(node))
        {
            return;
        }

        if (node is not YamlSequenceNode list)
        {
            _errors.Add(node, path, "expected a list, got " + StrictYaml.Describe(node));
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
                _errors.Add(list.Children[index], entryPath, "expected a mapping, got " + StrictYaml.Describe(list.Children[index]));
            }
        }
    }

    private void ReadDeviceEntry<T>(string path, DeviceListDefinition<T> definition, YamlMappingNode entry)
    {
        var filters = new List<(string Key, FieldDefinition<T> Field, Matcher Matcher)>();
        Matcher count = NumberMatcher.Exactly(1);
        var severity = SpecSeverity.Fail;
        var limits = new Dictionary<string, double>(StringComparer.Ordinal);
        var before = _errors.Count;

        foreach (var (key, keyNode, value) in StrictYaml.Entries(entry, path, _errors))
        {
            var fieldPath = StrictYaml.Child(path, key);
            if (definition.Thresholds is { } takes && takes.Names.Contains(key))
            {
                if (_matchers.ReadNumber(value, fieldPath) is { } limit)
                {
                    if (limit > 0)
                    {
                        limits[key] = limit;
                    }
                    else
                    {
                        _errors.Add(value, fieldPath, "expected a number greater than 0");
                    }
                }
            }
            else if (key == CountKey)
            {
                count = _matchers.Read(value, FieldKind.Integer, null, fieldPath, allowSeverity: false)?.Matcher ?? count;
            }
            else if (key == MatcherReader.SeverityKey)
            {
                severity = _matchers.ReadSeverity(value, fieldPath) ?? severity;
            }
            else if (Find(definition.Fields, key) is not { } field)
            {
                _errors.Add(keyNode, fieldPath, "unknown key");
            }
            else if (_matchers.Read(value, field.Kind, field.Tolerance, fieldPath, allowSeverity: false) is { } parsed)
            {
                filters.Add((key, field, parsed.Matcher));
            }
        }

        if (_errors.Count > before)
        {
            return;
        }

        var of = filters.Count == 0
            ? "any " + definition.Noun
            : string.Join(", ", filters.Select(filter => filter.Key + " " + filter.Matcher.Expected));
        var expected = "count " + count.Expected + " of " + of;
        bool Matches(T device) => filters.All(filter => filter.Matcher.Matches(filter.Field.Actual(device)));
        _expectations.Add(new DeviceExpectation(path, StrictYaml.Line(entry), expected, count, severity, inventory =>
            definition.Devices(inventory)?.Count(Matches)));
        if (limits.Count > 0 && definition.Thresholds is { } thresholdsOf)
        {
            _deviceThresholds.Add(new DeviceThreshold(path, thresholdsOf.Stage, limits, inventory =>
                [.. (definition.Devices(inventory) ?? []).Where(Matches).Select(thresholdsOf.Key).OfType<string>()]));
        }
    }

    private void ReadThresholds(YamlNode node)
    {
        if (AsMapping(node, ThresholdsKey) is not { } stages)
        {
            return;
        }

        foreach (var (stage, stageNode, value) in StrictYaml.Entries(stages, ThresholdsKey, _errors))
        {
            var stagePath = StrictYaml.Child(ThresholdsKey, stage);
            if (!SpecSchema.ThresholdStages.Contains(stage))
            {
                _errors.Add(stageNode, stagePath, "unknown key");
                continue;
            }

            if (AsMapping(value, stagePath) is not { } names)
            {
                continue;
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, nameNode, number) in StrictYaml.Entries(names, stagePath, _errors))
            {
                var namePath = StrictYaml.Child(stagePath, name);
                var known = SpecSchema.Thresholds[stage];
                if (!known.Contains(name))
                {
                    var takes = known.Count == 0 ? "none" : string.Join(", ", known);
                    if (_ignoreUnknownThresholds)
                    {
                        _ignored.Add(new SpecDiff(namePath, $"a threshold the {stage} stage reads ({takes})",
                            $"{(number is YamlScalarNode { Value: { } raw } ? raw : StrictYaml.Describe(number))} (ignored; edit the host's spec)", SpecSeverity.Warn));
                    }
                    else
                    {
                        _errors.Add(nameNode, namePath, known.Count == 0
                            ? $"unknown threshold: the {stage} stage takes none"
                            : $"unknown threshold (the {stage} stage takes {takes})");
                    }
                }
                else if (_matchers.ReadNumber(number, namePath) is { } threshold)
                {
                    values[name] = threshold;
                }
            }

            _thresholds[stage] = values;
        }
    }

    /// <summary>A section's mapping; an empty section (<c>cpu:</c>) is allowed and checks nothing.</summary>
    private YamlMappingNode? AsMapping(YamlNode node, string path)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        if (!StrictYaml.IsNull(node))
        {
            _errors.Add(node, path, "expected a mapping, got " + StrictYaml.Describe(node));
        }

        return null;
    }

    private static FieldDefinition<T>? Find<T>(IReadOnlyList<FieldDefinition<T>> fields, string key) =>
        fields.FirstOrDefault(field => field.Key == key);
}
