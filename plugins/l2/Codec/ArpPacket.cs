namespace Ingot.Plugins.L2.Codec;

/// <summary>The fields of one Ethernet/IPv4 ARP frame that the responder needs; IPv4 addresses in host order.</summary>
internal readonly record struct ArpPacket(
    MacAddress EthernetDestination,
    MacAddress EthernetSource,
    ArpOperation Operation,
    MacAddress SenderHardware,
    uint SenderIp,
    MacAddress TargetHardware,
    uint TargetIp);
