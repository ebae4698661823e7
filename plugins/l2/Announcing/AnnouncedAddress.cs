using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.L2.Codec;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.L2.Announcing;

/// <summary>One address this node announces, with everything the hot path needs precomputed (lookup keys, the metric tag),
/// so answering a request allocates nothing.</summary>
internal sealed class AnnouncedAddress
{
    public AnnouncedAddress(IPAddress address, IReadOnlyList<string> interfaces, IReadOnlyList<ServiceKey> services)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        Text = Address.ToString();
        Interfaces = interfaces;
        Services = services;
        IpTag = new KeyValuePair<string, object?>("ip", Text);
        if (Address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            Address.TryWriteBytes(b, out _);
            V4 = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b);
        }
        else
        {
            V6 = Ipv6Addresses.FromIPAddress(Address);
        }
    }

    public IPAddress Address { get; }

    public string Text { get; }

    public bool IsIPv4 => Address.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>The IPv4 address in host order (0 for IPv6).</summary>
    public uint V4 { get; }

    /// <summary>The IPv6 address (0 for IPv4).</summary>
    public UInt128 V6 { get; }

    /// <summary>Interface names from the advertisements; empty means every eligible interface.</summary>
    public IReadOnlyList<string> Interfaces { get; }

    /// <summary>The Services announcing this address (several when it is shared).</summary>
    public IReadOnlyList<ServiceKey> Services { get; }

    public KeyValuePair<string, object?> IpTag { get; }

    /// <summary>True when the announcement is the same (interfaces and services), so nothing needs redoing.</summary>
    public bool SameAs(AnnouncedAddress other)
        => other is not null && Address.Equals(other.Address)
           && Interfaces.SequenceEqual(other.Interfaces, StringComparer.Ordinal) && Services.SequenceEqual(other.Services);
}
