namespace Ingot.Plugins.L2.Tests;

public class L2OptionsTests
{
    [Fact]
    public void FromSettings_Empty_Defaults()
    {
        var options = L2Options.FromSettings(new Dictionary<string, string>());
        Assert.Null(options.ExcludeInterfaces);
        Assert.Equal(TimeSpan.Zero, options.RefreshInterval);
        Assert.Equal(1, options.RealtimePriority);
    }

    [Fact]
    public void FromSettings_Values_Read()
    {
        var options = L2Options.FromSettings(new Dictionary<string, string> { ["excludeInterfaces"] = "^eth9$", ["refreshInterval"] = "2.5", ["realtimePriority"] = "0" });
        Assert.Equal("^eth9$", options.ExcludeInterfaces);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.RefreshInterval);
        Assert.Equal(0, options.RealtimePriority);
    }

    [Theory]
    [InlineData("refreshInterval", "soon", "refreshInterval")]
    [InlineData("refreshInterval", "-1", "refreshInterval")]
    [InlineData("excludeInterfaces", "([", "excludeInterfaces")]
    [InlineData("realtimePriority", "100", "realtimePriority")]
    [InlineData("realtimePriority", "high", "realtimePriority")]
    [InlineData("interfaces", "eth0", "unknown setting 'interfaces'")]
    [InlineData("membership.port", "seventy", "membership.port")]
    [InlineData("membership.bogus", "1", "membership.bogus")]
    public void FromSettings_Bad_ErrorNamesTheSetting(string key, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => L2Options.FromSettings(new Dictionary<string, string> { [key] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_MembershipKeys_GoToMembershipOptions()
    {
        var options = L2Options.FromSettings(new Dictionary<string, string> { ["membership.port"] = "7950", ["membership.interval"] = "200", ["refreshInterval"] = "1" });
        Assert.Equal(7950, options.Membership.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Membership.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RefreshInterval);
    }
}
