using Vetting.Server.Configuration;

namespace Vetting.Server.Tests.Configuration;

public sealed class PathResolutionTests
{
    [Fact]
    public void Relative_paths_resolve_against_the_config_files_folder_not_the_current_directory()
    {
        using var dir = new TempDir();
        var file = dir.Write("etc/vetting.yaml", """
            paths:
              data_dir: ../state
              log_dir: logs
            pxe:
              image_dir: ./images/live
              tftp_dir: /opt/ipxe
              dnsmasq_path: bin/dnsmasq
            """);

        var config = VettingConfigLoader.Load(file, ConfigTesting.Local("/somewhere/else"));

        Assert.Equal(Path.Combine(dir.Path, "state"), config.Paths.DataDir);
        Assert.Equal(Path.Combine(dir.Path, "etc", "logs"), config.Paths.EffectiveLogDir);
        Assert.Equal(Path.Combine(dir.Path, "etc", "images", "live"), config.Pxe.ImageDir);
        Assert.Equal("/opt/ipxe", config.Pxe.TftpDir);
        Assert.Equal(Path.Combine(dir.Path, "etc", "bin", "dnsmasq"), config.Pxe.DnsmasqPath);
        Assert.Equal(file, config.ConfigFile);
    }

    [Fact]
    public void A_bare_dnsmasq_name_is_left_for_the_path_lookup()
    {
        Assert.Equal("dnsmasq", ConfigTesting.Load("pxe: { dnsmasq_path: dnsmasq }").Pxe.DnsmasqPath);
    }

    [Fact]
    public void A_relative_config_path_is_taken_from_the_current_directory()
    {
        using var dir = new TempDir();
        dir.Write("conf/vetting.yaml", "paths: { data_dir: data }");

        var config = VettingConfigLoader.Load("conf/vetting.yaml", ConfigTesting.Local(dir.Path));

        Assert.Equal(Path.Combine(dir.Path, "conf", "vetting.yaml"), config.ConfigFile);
        Assert.Equal(Path.Combine(dir.Path, "conf", "data"), config.Paths.DataDir);
    }

    [Fact]
    public void Text_without_a_file_resolves_against_the_current_directory()
    {
        var config = VettingConfigLoader.LoadFromYaml("paths: { data_dir: state }", "inline", ConfigTesting.Local("/work/here"));

        Assert.Equal("/work/here/state", config.Paths.DataDir);
    }

    [Fact]
    public void A_missing_file_passed_to_load_is_named()
    {
        var error = Assert.Throws<ConfigException>(() => VettingConfigLoader.Load("/nonexistent/vetting.yaml", ConfigTesting.Local()));

        Assert.Equal("/nonexistent/vetting.yaml: no such file", error.Message);
    }

    [Fact]
    public void Errors_name_the_file_as_it_was_given()
    {
        using var dir = new TempDir();
        var file = dir.Write("vetting.yaml", "# comment\nwol:\n  port: -1\n");

        var error = Assert.Throws<ConfigException>(() => VettingConfigLoader.Load(file, ConfigTesting.Local()));

        Assert.Equal($"{file} line 3: wol.port: must be 1-65535, got -1", error.Message);
        Assert.Equal(new ConfigError(file, 3, "wol.port", "must be 1-65535, got -1"), Assert.Single(error.Errors));
    }
}
