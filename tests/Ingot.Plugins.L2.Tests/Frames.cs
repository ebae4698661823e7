namespace Ingot.Plugins.L2.Tests;

/// <summary>Golden frames. The NDP ones were computed independently of the code under test (Python struct + a separate
/// RFC 1071 checksum), the ARP ones written field by field from RFC 826.</summary>
internal static class Frames
{
    // Client 02:00:00:00:00:64 / 192.0.2.100 asks who-has 192.0.2.200.
    public const string ArpRequest =
        "ffffffffffff" + "020000000064" + "0806"
        + "0001" + "0800" + "06" + "04" + "0001" + "020000000064" + "c0000264" + "000000000000" + "c00002c8";

    // Node 02:00:00:00:00:0a answers: 192.0.2.200 is-at 02:00:00:00:00:0a, unicast to the client.
    public const string ArpReply =
        "020000000064" + "02000000000a" + "0806"
        + "0001" + "0800" + "06" + "04" + "0002" + "02000000000a" + "c00002c8" + "020000000064" + "c0000264";

    // Gratuitous request for 192.0.2.200 from the node (MetalLB: target hardware = broadcast, sender = target IP).
    public const string GratuitousRequest =
        "ffffffffffff" + "02000000000a" + "0806"
        + "0001" + "0800" + "06" + "04" + "0001" + "02000000000a" + "c00002c8" + "ffffffffffff" + "c00002c8";

    public const string GratuitousReply =
        "ffffffffffff" + "02000000000a" + "0806"
        + "0001" + "0800" + "06" + "04" + "0002" + "02000000000a" + "c00002c8" + "ffffffffffff" + "c00002c8";

    // NS from 2001:db8::64 (02:00:00:00:00:64) for 2001:db8::c8 to ff02::1:ff00:c8, with a source link-layer option.
    public const string NeighborSolicitation =
        "3333ff0000c802000000006486dd6000000000203aff20010db8000000000000000000000064ff0200000000000000000001ff0000c8"
        + "870019d50000000020010db80000000000000000000000c80101020000000064";

    // Solicited NA from fe80::a (02:00:00:00:00:0a) to 2001:db8::64 for 2001:db8::c8, S=1 O=1, target link-layer option.
    public const string SolicitedAdvertisement =
        "02000000006402000000000a86dd6000000000203afffe80000000000000000000000000000a20010db8000000000000000000000064"
        + "8800b8706000000020010db80000000000000000000000c8020102000000000a";

    // What the responder sends for the NS above: from the target 2001:db8::c8 itself (as Linux answers), S=1 O=1.
    public const string ResponderAdvertisement =
        "02000000006402000000000a86dd6000000000203aff20010db80000000000000000000000c820010db8000000000000000000000064"
        + "8800887a6000000020010db80000000000000000000000c8020102000000000a";

    // Unsolicited NA to ff02::1, S=0 O=1.
    public const string UnsolicitedAdvertisement =
        "33330000000102000000000a86dd6000000000203afffe80000000000000000000000000000aff020000000000000000000000000001"
        + "8800278a2000000020010db80000000000000000000000c8020102000000000a";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex);
}
