using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vetting.Server.Configuration;

namespace Vetting.Server.Tests.Configuration;

public sealed class ConfigurationRegistrationTests
{
    [Fact]
    public void The_loaded_config_is_registered_whole_per_section_and_as_options()
    {
        using var dir = new TempDir();
        var file = dir.Write("vetting.yaml", "server: { bind: '0.0.0.0:9090' }\nruns: { max_concurrent: 3 }\nnotifiers:\n  - { type: ntfy, url: 'https://ntfy.sh/x' }\n");
        var builder = WebApplication.CreateBuilder();

        var config = builder.AddVettingConfiguration(["--config", file]);
        using var app = builder.Build();

        Assert.Same(config, app.Services.GetRequiredService<VettingConfig>());
        Assert.Same(config.Runs, app.Services.GetRequiredService<RunOptions>());
        Assert.Same(config.Runs, app.Services.GetRequiredService<IOptions<RunOptions>>().Value);
        Assert.Equal(3, app.Services.GetRequiredService<IOptions<RunOptions>>().Value.MaxConcurrent);
        Assert.Same(config.Pxe, app.Services.GetRequiredService<IOptions<PxeOptions>>().Value);
        Assert.Same(config.NetworkTest, app.Services.GetRequiredService<NetworkTestOptions>());
        Assert.Equal("ntfy", Assert.Single(app.Services.GetRequiredService<IReadOnlyList<NotifierOptions>>()).Type);
        Assert.Equal("http://0.0.0.0:9090", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void A_refused_config_is_printed_and_exits_with_2()
    {
        var refusal = Assert.Throws<ConfigException>(() => ConfigTesting.Load("wol: { port: 0 }"));
        using var stderr = new StringWriter();

        var code = ConfigurationRegistration.Refuse(refusal, stderr);

        Assert.Equal(2, code);
        Assert.Equal(
            "vetting: configuration refused\nvetting.yaml line 1: wol.port: must be 1-65535, got 0\n",
            stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_server_reads_the_file_given_as_the_config_setting_and_filters_hosts()
    {
        using var dir = new TempDir();
        var file = dir.Write("vetting.yaml", $"paths: {{ data_dir: '{dir.Path}' }}\nserver: {{ allowed_hosts: [vetting.lan] }}\n");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.UseSetting("config", file));

        var config = factory.Services.GetRequiredService<VettingConfig>();
        using var client = factory.CreateClient();
        using var wrongHost = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "elsewhere.lan" } };
        using var rightHost = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "vetting.lan" } };

        Assert.Equal(file, config.ConfigFile);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(wrongHost, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(rightHost, TestContext.Current.CancellationToken)).StatusCode);
    }
}
