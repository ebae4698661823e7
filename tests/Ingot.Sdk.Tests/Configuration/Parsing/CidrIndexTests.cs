using System.Net;
using Ingot.Sdk.Configuration.Parsing;

namespace Ingot.Sdk.Tests.Configuration.Parsing;

/// <summary>The index answers as the definition does: the first defined CIDR that <see cref="AddressRangeParser.Overlap"/>
/// says overlaps, over random IPv4 and IPv6 CIDRs, nested and disjoint.</summary>
public sealed class CidrIndexTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FirstOverlap_SameAsTheLinearScan(int seed)
    {
        var random = new Random(seed);
        var index = new CidrIndex();
        var defined = new List<IPNetwork>();
        for (var i = 0; i < 3000; i++)
        {
            var cidr = RandomCidr(random);
            var expected = defined.FindIndex(c => AddressRangeParser.Overlap(cidr, c));

            var actual = index.FirstOverlap(cidr);

            Assert.Equal(expected < 0 ? null : defined[expected], actual);
            index.Add(cidr);
            defined.Add(cidr);
        }
    }

    [Fact]
    public void FirstOverlap_ReportsTheEarliestOfSupernetAndSubnet()
    {
        var index = new CidrIndex();
        index.Add(IPNetwork.Parse("192.0.2.128/26"));
        index.Add(IPNetwork.Parse("192.0.0.0/16"));
        index.Add(IPNetwork.Parse("2001:db8::/32"));

        Assert.Equal(IPNetwork.Parse("192.0.2.128/26"), index.FirstOverlap(IPNetwork.Parse("192.0.2.0/24")));
        Assert.Equal(IPNetwork.Parse("192.0.0.0/16"), index.FirstOverlap(IPNetwork.Parse("192.0.3.0/24")));
        Assert.Equal(IPNetwork.Parse("2001:db8::/32"), index.FirstOverlap(IPNetwork.Parse("2001:db8:1::/48")));
        Assert.Null(index.FirstOverlap(IPNetwork.Parse("198.51.100.0/24")));
        Assert.Null(index.FirstOverlap(IPNetwork.Parse("2001:db9::/32")));
    }

    private static IPNetwork RandomCidr(Random random)
    {
        // Few distinct high bits, so nesting and overlaps are common.
        if (random.Next(2) == 0)
        {
            var bytes = new byte[] { 10, (byte)random.Next(4), (byte)random.Next(256), (byte)random.Next(256) };
            var prefix = random.Next(8, 33);
            return new IPNetwork(Mask(new IPAddress(bytes), prefix), prefix);
        }

        var v6 = new byte[16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[2] = (byte)random.Next(2);
        random.NextBytes(v6.AsSpan(3));
        var length = random.Next(16, 129);
        return new IPNetwork(Mask(new IPAddress(v6), length), length);
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
