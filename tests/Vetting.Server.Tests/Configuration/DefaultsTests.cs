using Vetting.Server.Configuration;

namespace Vetting.Server.Tests.Configuration;

public sealed class DefaultsTests
{
    [Fact]
    public void Without_a_file_every_key_has_the_contract_default()
    {
        var config = VettingConfigLoader.Load(null, ConfigTesting.Local("/home/dev/vetting"));

        Assert.Null(config.ConfigFile);
        Assert.Equal("127.0.0.1:8080", config.Server.Bind);
        Assert.Null(config.Server.PublicUrl);
        Assert.Equal("http://127.0.0.1:8080", config.Server.EffectivePublicUrl);
        Assert.Empty(config.Server.AllowedHosts);
        Assert.Equal("sqlite", config.Database.Provider);
        Assert.Null(config.Database.ConnectionString);
        Assert.Equal(9, config.Wol.Port);
        Assert.Equal(8, config.Runs.MaxConcurrent);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Runs.BootTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Runs.HelloTimeout);
        Assert.Equal(15, config.Agent.HeartbeatSeconds);
        Assert.Equal(TimeSpan.FromMinutes(2), config.Agent.LostAfter);
        Assert.Equal(90, config.Artifacts.RetentionDays);
        Assert.Equal(256, config.Artifacts.MaxUploadMb);
        Assert.Equal(30, config.Logs.RetentionDays);
        Assert.False(config.Pxe.Enabled);
        Assert.Null(config.Pxe.Interface);
        Assert.Equal("dhcp", config.Pxe.Mode);
        Assert.Null(config.Pxe.DhcpRange);
        Assert.Equal("/usr/sbin/dnsmasq", config.Pxe.DnsmasqPath);
        Assert.Equal("/usr/lib/ipxe", config.Pxe.TftpDir);
        Assert.Equal(5201, config.NetworkTest.Iperf3Port);
        Assert.Empty(config.Notifiers);
    }

    [Fact]
    public void Run_from_a_checkout_keeps_everything_under_data_in_the_current_directory()
    {
        var config = VettingConfigLoader.Load(null, ConfigTesting.Local("/home/dev/vetting"));

        Assert.Equal("/home/dev/vetting/data", config.Paths.DataDir);
        Assert.Equal("/home/dev/vetting/data/logs", config.Paths.EffectiveLogDir);
        Assert.Equal("/home/dev/vetting/data/image", config.Pxe.ImageDir);
        Assert.Equal("/home/dev/vetting/data/vetting.db", config.Paths.DatabaseFile);
    }

    [Fact]
    public void The_installed_binary_uses_the_system_folders()
    {
        var config = VettingConfigLoader.Load(null, ConfigTesting.Installed);

        Assert.Equal("/var/lib/vetting", config.Paths.DataDir);
        Assert.Equal("/var/log/vetting", config.Paths.EffectiveLogDir);
        Assert.Equal("/var/lib/vetting/image", config.Pxe.ImageDir);
    }

    [Theory]
    [InlineData(ConfigEnvironment.InstalledBinary)]
    [InlineData(ConfigEnvironment.InstalledBinaryTarget)] // what ProcessPath reports when started through the symlink
    public void The_installed_binary_counts_as_installed_with_any_config_file(string processPath)
    {
        var environment = new ConfigEnvironment(processPath, "/");

        Assert.True(environment.IsInstalled("/srv/elsewhere/vetting.yaml"));
        Assert.True(environment.IsInstalled(null));
        Assert.False(new ConfigEnvironment("/home/dev/vetting/bin/vetting-linux-amd64/vetting", "/").IsInstalled(null));
    }

    [Fact]
    public void The_installed_config_file_counts_as_installed_whatever_the_binary()
    {
        var environment = ConfigTesting.Local();

        Assert.True(environment.IsInstalled(VettingConfigLoader.DefaultConfigPath));
        Assert.False(environment.IsInstalled("/home/dev/vetting/deploy/vetting.example.yaml"));
        Assert.False(environment.IsInstalled(null));
        Assert.True(ConfigTesting.Installed.IsInstalled(null));
    }

    [Fact]
    public void An_installed_log_dir_stays_in_var_log_when_data_dir_moves()
    {
        var config = VettingConfigLoader.LoadFromYaml("paths: { data_dir: /srv/vetting }", ConfigTesting.Source, ConfigTesting.Installed);

        Assert.Equal("/srv/vetting", config.Paths.DataDir);
        Assert.Equal("/var/log/vetting", config.Paths.EffectiveLogDir);
        Assert.Equal("/srv/vetting/image", config.Pxe.ImageDir);
    }

    [Fact]
    public void Locally_log_dir_and_image_dir_follow_a_moved_data_dir()
    {
        var config = ConfigTesting.Load("paths: { data_dir: /srv/vetting }");

        Assert.Equal("/srv/vetting/logs", config.Paths.EffectiveLogDir);
        Assert.Equal("/srv/vetting/image", config.Pxe.ImageDir);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# all defaults\n")]
    [InlineData("~")]
    [InlineData("server:\nruns: {}\nnotifiers:\n")]
    [InlineData("server:\n  public_url:\n  allowed_hosts:\npxe:\n  interface: ~\n")]
    public void Empty_files_sections_and_values_keep_the_defaults(string yaml)
    {
        var config = ConfigTesting.Load(yaml);

        Assert.Equal("127.0.0.1:8080", config.Server.Bind);
        Assert.Null(config.Server.PublicUrl);
        Assert.Empty(config.Server.AllowedHosts);
        Assert.Equal(8, config.Runs.MaxConcurrent);
        Assert.Null(config.Pxe.Interface);
        Assert.Empty(config.Notifiers);
    }

    [Fact]
    public void Public_url_defaults_to_the_bind_address()
    {
        var config = ConfigTesting.Load("server: { bind: '10.77.0.1:8080' }");

        Assert.Equal("http://10.77.0.1:8080", config.Server.EffectivePublicUrl);
    }
}
