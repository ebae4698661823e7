namespace Ingot.Plugins.L2.Interfaces.Tests;

public class InterfaceSelectorTests
{
    private static LinkInfo Up(string name) => new() { Name = name, IsUp = true, IsBroadcast = true };

    [Theory]
    [InlineData("eth0", true)]
    [InlineData("ens3", true)]
    [InlineData("bond0", true)]
    [InlineData("lo", false)]
    [InlineData("lo0", true)]
    [InlineData("docker0", false)]
    [InlineData("veth1234", false)]
    [InlineData("cali123", false)]
    [InlineData("flannel.1", false)]
    [InlineData("kube-ipvs0", false)]
    [InlineData("cni0", false)]
    [InlineData("nodelocaldns", false)]
    [InlineData("lxcbr0", false)]
    [InlineData("virbr0", false)]
    [InlineData("tunl0", false)]
    [InlineData("dummy0", false)]
    [InlineData("cbr0", false)]
    public void IsEligibleByDefault_MetalLbDefaultExclusions(string name, bool eligible)
    {
        Assert.Equal(eligible, new InterfaceSelector().IsEligibleByDefault(Up(name)));
    }

    [Fact]
    public void IsEligibleByDefault_DownNoArpOrEnslaved_NotEligible()
    {
        var selector = new InterfaceSelector();
        Assert.False(selector.IsEligibleByDefault(Up("eth0") with { IsUp = false }));
        Assert.False(selector.IsEligibleByDefault(Up("eth0") with { NoArp = true }));
        Assert.False(selector.IsEligibleByDefault(Up("eth0") with { HasMaster = true }));
    }

    [Fact]
    public void IsEligibleByDefault_CustomPattern_ReplacesDefaults()
    {
        var selector = new InterfaceSelector("^eth1$");
        Assert.False(selector.IsEligibleByDefault(Up("eth1")));
        Assert.True(selector.IsEligibleByDefault(Up("veth0")));
    }

    [Fact]
    public void Select_NamedInterfaces_OnlyThoseUp()
    {
        var links = new[] { Up("eth0"), Up("eth1"), Up("veth9"), Up("eth2") with { IsUp = false } };
        var selected = new InterfaceSelector().Select(links, ["veth9", "eth2", "eth7"]).Select(l => l.Name);
        Assert.Equal(["veth9"], selected);
    }
}
