namespace Ingot.Plugins.Ipam.Addressing;

/// <summary>The address family of a Service (from its clusterIPs) or of a set of addresses.</summary>
internal enum IpFamily
{
    IPv4,
    IPv6,
    DualStack,
}
