namespace Ingot.Plugins.L2.Tests;

public class L2OptionsTests
{
    [Fact]
    public void FromSettings_Empty_Defaults()
    {
        var options = L2Options.FromSettings(new Dictionary<string, string>());
        Assert.Null(options.ExcludeInterfaces);
        Assert.Equal(TimeSpan.Zero, options.RefreshInterval);
    }

    [Fact]
    public void FromSettings_Values_Read()
    {
        var options = L2Options.FromSettings(new Dictionary<string, string> { ["excludeInterfaces"] = "^eth9$", ["refreshInterval"] = "2.5" });
        Assert.Equal("^eth9$", options.ExcludeInterfaces);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.RefreshInterval);
    }

    [Theory]
    [InlineData("refreshInterval", "soon", "refreshInterval")]
    [InlineData("refreshInterval", "-1", "refreshInterval")]
    [InlineData("excludeInterfaces", "([", "excludeInterfaces")]
    [InlineData("interfaces", "eth0", "unknown setting 'interfaces'")]
    public void FromSettings_Bad_ErrorNamesTheSetting(string key, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => L2Options.FromSettings(new Dictionary<string, string> { [key] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
