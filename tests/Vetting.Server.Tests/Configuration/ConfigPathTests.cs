using Vetting.Server.Configuration;

namespace Vetting.Server.Tests.Configuration;

public sealed class ConfigPathTests
{
    [Fact]
    public void Config_option_takes_the_next_argument_or_an_equals_value()
    {
        using var dir = new TempDir();
        var file = dir.Write("a.yaml", "");

        Assert.Equal(file, VettingConfigLoader.FindConfigPath(["--config", file]));
        Assert.Equal(file, VettingConfigLoader.FindConfigPath(["--urls=http://x", $"--config={file}", "--verbose"]));
    }

    [Fact]
    public void Without_the_option_the_installed_file_is_used_when_it_exists()
    {
        using var dir = new TempDir();
        var installed = dir.Write("etc/vetting/vetting.yaml", "");

        Assert.Equal(installed, VettingConfigLoader.FindConfigPath([], installed));
        Assert.Null(VettingConfigLoader.FindConfigPath([], Path.Combine(dir.Path, "missing.yaml")));
    }

    [Fact]
    public void The_option_wins_over_the_installed_file()
    {
        using var dir = new TempDir();
        var installed = dir.Write("installed.yaml", "");
        var mine = dir.Write("mine.yaml", "");

        Assert.Equal(mine, VettingConfigLoader.FindConfigPath(["--config", mine], installed));
    }

    [Fact]
    public void A_config_path_that_does_not_exist_is_named()
    {
        var error = Assert.Throws<ConfigException>(() => VettingConfigLoader.FindConfigPath(["--config", "/nope/vetting.yaml"]));

        Assert.Equal("/nope/vetting.yaml: no such file (given with --config)", error.Message);
    }

    [Fact]
    public void A_folder_is_not_a_config_file()
    {
        using var dir = new TempDir();

        var error = Assert.Throws<ConfigException>(() => VettingConfigLoader.FindConfigPath([$"--config={dir.Path}"]));

        Assert.Equal($"{dir.Path}: is a folder, not a config file (given with --config)", error.Message);
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--config=")]
    [InlineData("--config", "--urls=http://x")]
    public void The_option_without_a_path_is_refused(params string[] args)
    {
        var error = Assert.Throws<ConfigException>(() => VettingConfigLoader.FindConfigPath(args));

        Assert.Equal("command line: --config: needs a path (e.g. --config /etc/vetting/vetting.yaml)", error.Message);
    }
}
