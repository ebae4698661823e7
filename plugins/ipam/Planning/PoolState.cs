using Ingot.Plugins.Ipam.Addressing;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>One IPAddressPool during one allocation run: its CIDR blocks in written order and its in-use counts.</summary>
internal sealed class PoolState
{
    public PoolState(AddressPool config)
    {
        Config = config;
        Blocks = config.Cidrs.Select(c => new CidrBlock(this, c)).ToArray();
    }

    public AddressPool Config { get; }

    public string Name => Config.Name;

    public IReadOnlyList<CidrBlock> Blocks { get; }

    /// <summary>Distinct IPv4 addresses in use (a shared address counts once).</summary>
    public long InUseIPv4 { get; private set; }

    /// <summary>Distinct IPv6 addresses in use.</summary>
    public long InUseIPv6 { get; private set; }

    public bool HasFamily(IpFamily family) => Blocks.Any(b => b.Family == family);

    public void CountNewAddress(Address128 address)
    {
        if (address.IsIPv6)
        {
            InUseIPv6++;
        }
        else
        {
            InUseIPv4++;
        }
    }
}
