namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Path attribute type codes (RFC 4271 §5, RFC 1997, RFC 4760, RFC 6793, RFC 8092).</summary>
internal static class PathAttributeType
{
    public const byte Origin = 1;
    public const byte AsPath = 2;
    public const byte NextHop = 3;
    public const byte MultiExitDisc = 4;
    public const byte LocalPref = 5;
    public const byte AtomicAggregate = 6;
    public const byte Aggregator = 7;
    public const byte Communities = 8;
    public const byte MpReachNlri = 14;
    public const byte MpUnreachNlri = 15;
    public const byte As4Path = 17;
    public const byte As4Aggregator = 18;
    public const byte LargeCommunity = 32;

    // RFC 4271 §4.3 attribute flags.
    public const byte FlagOptional = 0x80;
    public const byte FlagTransitive = 0x40;
    public const byte FlagPartial = 0x20;
    public const byte FlagExtendedLength = 0x10;

    // RFC 4271 §4.3 AS_PATH segment types.
    public const byte AsSet = 1;
    public const byte AsSequence = 2;
}
