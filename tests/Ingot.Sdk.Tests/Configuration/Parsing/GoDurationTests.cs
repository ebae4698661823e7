namespace Ingot.Sdk.Configuration.Parsing.Tests;

public class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("90s", 90_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("300ms", 300)]
    [InlineData("1s500ms", 1_500)]
    [InlineData("-2s", -2_000)]
    [InlineData("+3s", 3_000)]
    [InlineData(".5s", 500)]
    [InlineData("2000000us", 2_000)]
    [InlineData("1000000000ns", 1_000)]
    public void TryParse_GoSyntax_Parses(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("5 s")]
    [InlineData("1d")]
    [InlineData("1.2.3s")]
    [InlineData(".s")]
    [InlineData("-")]
    [InlineData("99999999999999999999h")]
    public void TryParse_NotGoSyntax_Fails(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(500, "500ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h0m0s")]
    public void Format_LikeGo(long milliseconds, string expected) => Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
