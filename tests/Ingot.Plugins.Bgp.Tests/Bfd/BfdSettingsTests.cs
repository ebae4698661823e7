using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

public class BfdSettingsTests
{
    [Fact]
    public void From_EmptyProfile_TakesMetalLbDefaults()
    {
        var settings = BfdSettings.From(new BfdProfile { Name = "default" });

        Assert.Equal(TimeSpan.FromMilliseconds(300), settings.DesiredMinTx);
        Assert.Equal(TimeSpan.FromMilliseconds(300), settings.RequiredMinRx);
        Assert.Equal(3, settings.DetectMultiplier);
        Assert.False(settings.Passive);
        Assert.Equal(254, settings.MinimumTtl);
        Assert.Equal(BfdSettings.Default, settings);
    }

    [Fact]
    public void From_FullProfile_TakesEveryValue()
    {
        var settings = BfdSettings.From(new BfdProfile
        {
            Name = "fast",
            ReceiveInterval = 50,
            TransmitInterval = 70,
            DetectMultiplier = 5,
            PassiveMode = true,
            MinimumTtl = 250,
            EchoMode = true,
            EchoInterval = 20,
        });

        Assert.Equal(TimeSpan.FromMilliseconds(70), settings.DesiredMinTx);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.RequiredMinRx);
        Assert.Equal(5, settings.DetectMultiplier);
        Assert.True(settings.Passive);
        Assert.Equal(250, settings.MinimumTtl);
    }

    [Fact]
    public void From_OutOfRangeCounts_AreClampedToTheWireFields()
    {
        var settings = BfdSettings.From(new BfdProfile { Name = "odd", DetectMultiplier = 1000, MinimumTtl = 0 });

        Assert.Equal(255, settings.DetectMultiplier);
        Assert.Equal(1, settings.MinimumTtl);
    }
}
