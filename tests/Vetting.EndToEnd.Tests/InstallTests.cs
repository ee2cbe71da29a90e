namespace Vetting.EndToEnd.Tests;

/// <summary>
/// deploy/test-lxc.sh: the runbook's install, enable, typo, restart, reboot, upgrade and PXE steps in a Debian 12
/// container booted with systemd-nspawn, from a fresh `make orchestrator-linux` build. Opt-in like the QEMU test
/// (root, <c>VETTING_E2E=1</c>; about 4 minutes, most of it the publish and the bootstrap).
/// </summary>
public sealed class InstallTests
{
    [Fact]
    public async Task The_runbook_install_works_in_a_booted_Debian_container()
    {
        if (Environment.GetEnvironmentVariable(RootScript.OptIn) != "1")
        {
            Assert.Skip($"set {RootScript.OptIn}=1 to run the container install test (root; needs mmdebstrap and systemd-container)");
        }

        // A publish of this very tree, never a stale bin/ left from an earlier build.
        var published = Directory.CreateTempSubdirectory("vetting-publish-");
        try
        {
            var (exitCode, text) = await RootScript.RunAsync(Path.Combine("deploy", "test-lxc.sh"), new Dictionary<string, string>
            {
                ["FROM"] = Path.Combine(published.FullName, "vetting-linux-amd64"),
            });

            Assert.True(exitCode == 0, $"test-lxc.sh exited with {exitCode}:\n{RootScript.Tail(text, 60)}");
            Assert.Contains(" passed, 0 failed", text, StringComparison.Ordinal);
            Assert.Contains("ok   dnsmasq runs as the vetting user", text, StringComparison.Ordinal);
            Assert.Contains("ok   systemd-analyze security vetting: ", text, StringComparison.Ordinal);
        }
        finally
        {
            published.Delete(recursive: true);
        }
    }
}
