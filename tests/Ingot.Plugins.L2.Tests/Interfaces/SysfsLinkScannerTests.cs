using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Interfaces.Tests;

public sealed class SysfsLinkScannerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ingot-l2-sysfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Link(string name, string flags, string mac, int index, bool master = false)
    {
        var dir = Path.Combine(_root, "net", name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "flags"), flags + "\n");
        File.WriteAllText(Path.Combine(dir, "address"), mac + "\n");
        File.WriteAllText(Path.Combine(dir, "ifindex"), index + "\n");
        if (master)
        {
            File.WriteAllText(Path.Combine(dir, "master"), "");
        }
    }

    [Fact]
    public void Scan_SysfsTree_ReadsFlagsMacIndexMasterAndLinkLocal()
    {
        Link("eth0", "0x1003", "02:00:00:00:00:0a", 2);
        Link("eth1", "0x1002", "02:00:00:00:00:0b", 3);
        Link("tun0", "0x1091", "00:00:00:00:00:00", 4);
        Link("eth2", "0x1003", "02:00:00:00:00:0c", 5, master: true);
        var inet6 = Path.Combine(_root, "if_inet6");
        File.WriteAllText(inet6,
            "fe80000000000000000000fffe00000a 02 40 20 80     eth0\n" +
            "20010db8000000000000000000000001 02 40 00 80     eth0\n" +
            "00000000000000000000000000000001 01 80 10 80       lo\n");

        var links = new SysfsLinkScanner(Path.Combine(_root, "net"), inet6).Scan().ToDictionary(l => l.Name);

        Assert.True(links["eth0"].IsUp);
        Assert.True(links["eth0"].IsBroadcast);
        Assert.Equal(new MacAddress(0x0200_0000_000a), links["eth0"].Mac);
        Assert.Equal(2, links["eth0"].Index);
        Assert.Equal(Ipv6Addresses.FromIPAddress(System.Net.IPAddress.Parse("fe80::ff:fe00:a")), links["eth0"].LinkLocal);
        Assert.False(links["eth1"].IsUp);
        Assert.True(links["tun0"].NoArp);
        Assert.True(links["eth2"].HasMaster);
        Assert.Null(links["eth1"].LinkLocal);
    }

    [Fact]
    public void Scan_ThisMachine_FindsLoopback()
    {
        var lo = Assert.Single(new SysfsLinkScanner().Scan(), l => l.Name == "lo");
        Assert.True(lo.IsUp);
        Assert.False(lo.IsBroadcast);
    }

    [Fact]
    public void Scan_MissingDirectory_Empty()
    {
        Assert.Empty(new SysfsLinkScanner(Path.Combine(_root, "nope"), Path.Combine(_root, "nope6")).Scan());
    }
}
