namespace Ingot.Sdk.Configuration.Tests;

public class BgpCommunityTests
{
    [Theory]
    [InlineData("0:0", false, 0u, 0u, 0u)]
    [InlineData("65535:65535", false, 0xFFFFFFFFu, 0u, 0u)]
    [InlineData("64512:100", false, (64512u << 16) | 100u, 0u, 0u)]
    [InlineData("large:4200000000:1:2", true, 4200000000u, 1u, 2u)]
    [InlineData("large:0:0:0", true, 0u, 0u, 0u)]
    public void TryParse_Valid_ParsesParts(string text, bool large, uint ga, uint ld1, uint ld2)
    {
        Assert.True(BgpCommunity.TryParse(text, out var c, out var error), error);
        Assert.Equal(large, c.IsLarge);
        Assert.Equal(ga, c.GlobalAdministrator);
        Assert.Equal(ld1, c.LocalData1);
        Assert.Equal(ld2, c.LocalData2);
        Assert.Equal(text, c.ToString());
    }

    [Theory]
    [InlineData("65536:1")]
    [InlineData("1:-1")]
    [InlineData("a:b")]
    [InlineData("1")]
    [InlineData("1:2:3")]
    [InlineData("large:1:2")]
    [InlineData("large:1:2:4294967296")]
    [InlineData("")]
    public void TryParse_Invalid_ReturnsError(string text)
    {
        Assert.False(BgpCommunity.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void CompareTo_StandardComparesAsValueZeroZero()
    {
        var standard = BgpCommunity.Standard(1, 0);     // 65536
        var largeBelow = BgpCommunity.Large(65535, 9, 9);
        var largeSame = BgpCommunity.Large(65536, 0, 1);
        Assert.True(largeBelow < standard);
        Assert.True(standard < largeSame);
        Assert.True(standard <= BgpCommunity.Standard(1, 0));
        Assert.True(largeSame > standard);
        Assert.True(largeSame >= BgpCommunity.Large(65536, 0, 1));
        Assert.Equal(0, standard.CompareTo(BgpCommunity.Standard(1, 0)));
    }

    [Fact]
    public void Sort_MixedList_MetalLbOrder()
    {
        BgpCommunity[] list =
        [
            BgpCommunity.Large(1, 2, 3),
            BgpCommunity.Standard(0, 5),
            BgpCommunity.Large(1, 2, 2),
            BgpCommunity.Standard(65535, 65535),
            BgpCommunity.Large(1, 1, 9),
        ];
        Array.Sort(list);
        Assert.Equal(["large:1:1:9", "large:1:2:2", "large:1:2:3", "0:5", "65535:65535"], list.Select(c => c.ToString()));
    }

    [Fact]
    public void Equality_SameParts_Equal()
    {
        Assert.Equal(BgpCommunity.Standard(1, 2), BgpCommunity.Standard(1, 2));
        Assert.NotEqual(BgpCommunity.Standard(0, 1), BgpCommunity.Large(1, 0, 0));
    }
}
