namespace Ingot.Plugins.L2.Codec;

/// <summary>ARP opcodes (RFC 826; IANA "Operation Codes").</summary>
internal enum ArpOperation : ushort
{
    Request = 1,
    Reply = 2,
}
