using Microsoft.Extensions.Logging.Abstractions;
using Vetting.Server.Configuration;
using Vetting.Server.Startup;

namespace Vetting.Server.Tests.Configuration;

public sealed class StartupChecksTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "http://10.77.0.1:8080", true)]
    [InlineData("[::1]:8080", "http://vetting.lan:8080", true)]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080", false)]
    [InlineData("127.0.0.1:8080", null, false)]
    [InlineData("0.0.0.0:8080", "http://10.77.0.1:8080", false)]
    [InlineData("10.77.0.1:8080", "http://10.77.0.1:8080", false)]
    public void A_loopback_bind_with_a_LAN_public_url_is_named(string bind, string? publicUrl, bool warned)
    {
        var server = new ServerOptions { Bind = bind, PublicUrl = publicUrl };

        Assert.Equal(warned, StartupChecks.UnreachableFromNodes(server) is not null);
    }

    [Theory]
    [InlineData("10.77.0.1:8080", "10.77.0.1")]
    [InlineData("127.0.0.1:18080", "127.0.0.1")]
    [InlineData("[fd77::1]:8080", "fd77::1")]
    [InlineData("0.0.0.0:8080", null)]
    [InlineData("[::]:8080", null)]
    public void Iperf3_listens_where_the_api_listens(string bind, string? expected)
    {
        Assert.Equal(expected, StartupChecks.SpecificBindAddress(new ServerOptions { Bind = bind }));
    }

    [Fact]
    public void The_data_folders_exist_after_start_up()
    {
        var root = Directory.CreateTempSubdirectory("vetting-startup-");
        try
        {
            var config = new VettingConfig();
            config.Paths.DataDir = Path.Combine(root.FullName, "data");

            StartupChecks.Run(config, NullLogger.Instance);

            Assert.True(Directory.Exists(config.Paths.ArtifactsDir));
            Assert.True(Directory.Exists(config.Paths.HoldKeysDir));
            Assert.True(Directory.Exists(config.Paths.EffectiveLogDir));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
