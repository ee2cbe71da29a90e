using Vetting.Protocol;

namespace Vetting.Activities.Tests.Protocol;

public sealed class ArtifactNameTests
{
    [Theory]
    [InlineData("inventory.json")]
    [InlineData("fio-nvme0n1.log")]
    [InlineData("iperf-eno1.json")]
    [InlineData("stress-ng-cpu.yaml")]
    [InlineData("A")]
    [InlineData("0_dmesg.txt")]
    public void Names_the_agent_uploads_are_valid(string name) => Assert.True(ArtifactName.IsValid(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../vetting.db")]
    [InlineData(".hidden")]
    [InlineData("-rf")]
    [InlineData("sub/dir.log")]
    [InlineData("back\\slash.log")]
    [InlineData("report.html\n")]
    [InlineData("space name.log")]
    [InlineData("ümlaut.log")]
    public void Names_that_could_escape_or_confuse_the_artifact_directory_are_invalid(string? name) =>
        Assert.False(ArtifactName.IsValid(name));

    [Fact]
    public void Names_are_limited_to_100_characters()
    {
        Assert.True(ArtifactName.IsValid(new string('a', 100)));
        Assert.False(ArtifactName.IsValid(new string('a', 101)));
    }
}
