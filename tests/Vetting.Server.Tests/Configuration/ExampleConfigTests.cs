using System.Text.Json;
using System.Text.RegularExpressions;
using Vetting.Server.Configuration;
using YamlDotNet.RepresentationModel;

namespace Vetting.Server.Tests.Configuration;

/// <summary>deploy/vetting.example.yaml is what the installer drops into /etc/vetting; it has to load and tell the truth.</summary>
public sealed partial class ExampleConfigTests
{
    [Fact]
    public void The_example_loads_and_its_values_are_the_defaults()
    {
        var example = VettingConfigLoader.Load(ConfigTesting.ExampleFile, ConfigTesting.Installed);
        var defaults = VettingConfigLoader.Load(null, ConfigTesting.Installed);

        Assert.Equal(ConfigTesting.ExampleFile, example.ConfigFile);
        Assert.Equal(Values(defaults), Values(example));
    }

    [Fact]
    public void Every_optional_line_in_the_example_is_valid_once_uncommented()
    {
        using var dir = new TempDir();
        var file = dir.Write("vetting.yaml", Uncommented());

        var config = VettingConfigLoader.Load(file, ConfigTesting.Local());

        Assert.Equal("http://vetting.lan:8080", config.Server.PublicUrl);
        Assert.Equal("/var/lib/vetting", config.Paths.DataDir);
        Assert.Equal("/var/log/vetting", config.Paths.EffectiveLogDir);
        Assert.Equal("br-vetting", config.Pxe.Interface);
        Assert.Equal("10.77.0.100,10.77.0.200,255.255.255.0", config.Pxe.DhcpRange);
        Assert.Equal("/var/lib/vetting/image", config.Pxe.ImageDir);
        Assert.Equal(["ntfy", "discord", "smtp"], config.Notifiers.Select(n => n.Type));
        Assert.Equal("failed,held", config.Notifiers[0].Settings["events"]);
        Assert.Equal("tk_change-me", config.Notifiers[0].Settings["token"]);
        Assert.Equal("587", config.Notifiers[2].Settings["port"]);
        Assert.Equal("true", config.Notifiers[2].Settings["starttls"]);
    }

    [Fact]
    public void The_example_lists_every_key_the_orchestrator_reads()
    {
        var root = (YamlMappingNode)Parse(Uncommented());
        var listed = root.Children
            .Where(section => section.Value is YamlMappingNode)
            .SelectMany(section => ((YamlMappingNode)section.Value).Children.Keys.Select(key => $"{section.Key}.{key}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(ConfigSchema.Keys.Select(key => key.FullName).Order(StringComparer.Ordinal), listed);
        Assert.Contains(root.Children.Keys, key => key.ToString() == ConfigSchema.NotifiersKey);
    }

    [Fact]
    public void Optional_settings_and_notifiers_are_commented_out()
    {
        var config = VettingConfigLoader.Load(ConfigTesting.ExampleFile, ConfigTesting.Local());

        Assert.Null(config.Server.PublicUrl);
        Assert.Null(config.Pxe.Interface);
        Assert.Empty(config.Notifiers);
    }

    private static string Values(VettingConfig config)
    {
        var json = JsonSerializer.SerializeToNode(config)!.AsObject();
        json.Remove(nameof(VettingConfig.ConfigFile));
        return json.ToJsonString();
    }

    private static YamlNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    /// <summary>The example with every "# key: value" line turned on, as an operator would.</summary>
    private static string Uncommented()
    {
        var text = File.ReadAllText(ConfigTesting.ExampleFile);
        var uncommented = CommentedSetting().Replace(text, "$1$2");
        Assert.True(CommentedSetting().Count(text) >= 20, "the example should show its optional settings commented out");
        return uncommented;
    }

    [GeneratedRegex(@"^( *)# ( *(?:- )?[a-z0-9_]+:(?: .*)?)$", RegexOptions.Multiline)]
    private static partial Regex CommentedSetting();
}
