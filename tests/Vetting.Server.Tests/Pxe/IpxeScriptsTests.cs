using Vetting.Server.Pxe;

namespace Vetting.Server.Tests.Pxe;

public sealed class IpxeScriptsTests
{
    private const string PublicUrl = "http://10.77.0.1:8080";
    private static readonly PxeBootTarget Run42 = new(42, "Zm9v-YmFy_token.1");

    [Fact]
    public void Boot_script_loads_kernel_and_initrd_with_the_run_on_the_command_line()
    {
        var lines = IpxeScripts.Boot(PublicUrl + "/", "52:54:00:12:34:56", Run42).Split('\n');

        Assert.Equal("#!ipxe", lines[0]);
        var kernel = Array.FindIndex(lines, line => line.StartsWith("kernel ", StringComparison.Ordinal));
        var initrd = Array.IndexOf(lines, "initrd http://10.77.0.1:8080/pxe/initrd.img || goto failed");
        var boot = Array.IndexOf(lines, "boot || goto failed");
        Assert.True(kernel > 0 && initrd > kernel && boot > initrd, string.Join('\n', lines));

        var arguments = lines[kernel].Split(' ');
        Assert.Equal("http://10.77.0.1:8080/pxe/vmlinuz", arguments[1]);
        Assert.Contains("initrd=initrd.img", arguments);
        Assert.Contains("vetting.orchestrator=http://10.77.0.1:8080", arguments);
        Assert.Contains("vetting.run=42", arguments);
        Assert.Contains("vetting.token=Zm9v-YmFy_token.1", arguments);
        Assert.Contains("console=ttyS0,115200n8", arguments);
        Assert.Contains("BOOTIF=01-52-54-00-12-34-56", arguments);
        Assert.Equal("exit 1", lines[^2]);
    }

    [Fact]
    public void Exit_script_hands_over_to_the_next_boot_device()
    {
        var script = IpxeScripts.Exit();

        Assert.StartsWith("#!ipxe\n", script, StringComparison.Ordinal);
        Assert.EndsWith("\nexit\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("kernel", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("52:54:00:ab:cd:ef")]
    [InlineData("52-54-00-AB-CD-EF")]
    [InlineData("525400abcdef")]
    [InlineData(" 52:54:00:Ab:cD:eF\n")]
    public async Task A_waiting_MAC_in_any_spelling_boots_its_run(string mac)
    {
        var looked = new List<string>();

        var script = await IpxeScripts.ForMacAsync(mac, PublicUrl, (normalized, _) =>
        {
            looked.Add(normalized);
            return Task.FromResult(normalized == "52:54:00:ab:cd:ef" ? Run42 : null);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(["52:54:00:ab:cd:ef"], looked);
        Assert.Contains("vetting.run=42", script, StringComparison.Ordinal);
        Assert.Contains("BOOTIF=01-52-54-00-ab-cd-ef", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_MAC_without_a_waiting_run_gets_the_exit_script()
    {
        var script = await IpxeScripts.ForMacAsync("aa:bb:cc:dd:ee:ff", PublicUrl,
            (_, _) => Task.FromResult<PxeBootTarget?>(null), TestContext.Current.CancellationToken);

        Assert.Equal(IpxeScripts.Exit(), script);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("${net0/mac}")]
    [InlineData("52:54:00:12:34")]
    [InlineData("52:54:00:12:34:56;reboot")]
    public async Task A_malformed_MAC_gets_the_exit_script_without_a_lookup(string? mac)
    {
        var script = await IpxeScripts.ForMacAsync(mac, PublicUrl,
            (_, _) => throw new InvalidOperationException("no lookup expected"), TestContext.Current.CancellationToken);

        Assert.Equal(IpxeScripts.Exit(), script);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("${platform}")]
    [InlineData("quote\"d")]
    [InlineData("line\nbreak")]
    public void Tokens_that_iPXE_or_the_kernel_would_interpret_are_refused(string token) =>
        Assert.Throws<ArgumentException>(() => IpxeScripts.Boot(PublicUrl, "52:54:00:12:34:56", new PxeBootTarget(1, token)));

    [Theory]
    [InlineData("http://10.77.0.1:8080")]
    [InlineData("https://vetting.lan/base/")]
    [InlineData("http://[fd77::1]:8080")]
    public void Plain_http_URLs_are_accepted(string url) => Assert.Null(IpxeScripts.ValidatePublicUrl(url));

    [Theory]
    [InlineData("vetting.lan:8080")]
    [InlineData("ftp://vetting.lan")]
    [InlineData("http://vetting.lan/${x}")]
    [InlineData("http://vetting.lan/a b")]
    [InlineData("http://vetting.lan/?a=1")]
    [InlineData("http://vetting.lan/#top")]
    [InlineData("http://user@vetting.lan")]
    [InlineData("http://vetting.lan/a,b")]
    public void URLs_that_need_escaping_are_refused_naming_the_key(string url) =>
        Assert.Contains("server.public_url", IpxeScripts.ValidatePublicUrl(url), StringComparison.Ordinal);
}
