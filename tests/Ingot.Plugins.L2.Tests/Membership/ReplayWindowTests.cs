using Ingot.Plugins.L2.Membership;

namespace Ingot.Plugins.L2.Tests.Membership;

public class ReplayWindowTests
{
    [Fact]
    public void TryAccept_RepeatedSequence_Refused()
    {
        var w = new ReplayWindow();
        Assert.True(w.TryAccept(5));
        Assert.False(w.TryAccept(5));
    }

    [Fact]
    public void TryAccept_ReorderedWithinWindow_AcceptedOnce()
    {
        var w = new ReplayWindow();
        Assert.True(w.TryAccept(10));
        Assert.True(w.TryAccept(12));
        Assert.True(w.TryAccept(11));
        Assert.False(w.TryAccept(11));
        Assert.False(w.TryAccept(10));
    }

    [Fact]
    public void TryAccept_OlderThanTheWindow_Refused()
    {
        var w = new ReplayWindow();
        Assert.True(w.TryAccept(1000));
        Assert.False(w.TryAccept(1000 - 64));
        Assert.True(w.TryAccept(1000 - 63));
    }

    [Fact]
    public void TryAccept_LargeJump_ClearsTheBitmap()
    {
        var w = new ReplayWindow();
        Assert.True(w.TryAccept(1));
        Assert.True(w.TryAccept(500));
        Assert.True(w.TryAccept(499));
        Assert.False(w.TryAccept(1));
    }
}
