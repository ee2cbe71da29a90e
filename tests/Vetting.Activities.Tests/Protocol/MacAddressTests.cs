using Vetting.Protocol;

namespace Vetting.Activities.Tests.Protocol;

public sealed class MacAddressTests
{
    [Theory]
    [InlineData("ac:1f:6b:00:00:01")]
    [InlineData("AC:1F:6B:00:00:01")]
    [InlineData("ac-1f-6b-00-00-01")]
    [InlineData("AC-1f-6B-00-00-01")]
    [InlineData("ac1f6b000001")]
    [InlineData("AC1F6B000001")]
    [InlineData("  ac:1f:6b:00:00:01\n")]
    public void Common_spellings_normalise_to_lower_case_colon_form(string input)
    {
        Assert.True(MacAddress.TryNormalize(input, out var normalized));
        Assert.Equal("ac:1f:6b:00:00:01", normalized);
        Assert.Equal("ac:1f:6b:00:00:01", MacAddress.Normalize(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ac:1f:6b:00:00")]
    [InlineData("ac:1f:6b:00:00:01:02")]
    [InlineData("ac1f6b00000")]
    [InlineData("ac:1f:6b-00:00:01")]
    [InlineData("ac.1f.6b.00.00.01")]
    [InlineData("ac1f.6b00.0001")]
    [InlineData("ag:1f:6b:00:00:01")]
    [InlineData("ac:1f:6b:00:0:001")]
    [InlineData("ac::f6b:00:00:01")]
    [InlineData("ac 1f 6b 00 00 01")]
    public void Malformed_addresses_are_rejected(string? input)
    {
        Assert.False(MacAddress.TryNormalize(input, out var normalized));
        Assert.Null(normalized);
    }

    [Fact]
    public void Normalize_names_the_bad_input()
    {
        var error = Assert.Throws<FormatException>(() => MacAddress.Normalize("not-a-mac"));

        Assert.Contains("not-a-mac", error.Message, StringComparison.Ordinal);
    }
}
