using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Responding;

/// <summary>
/// The decision for one received frame, kept pure so it can be tested byte for byte: answer an ARP request or a Neighbor
/// Solicitation for an address in the table, ignore everything else. Never throws on wire input.
/// </summary>
internal static class FrameResponder
{
    /// <summary>The largest frame <see cref="TryRespond"/> writes.</summary>
    public const int MaxReplyLength = NdpCodec.AdvertisementFrameLength;

    /// <summary>Builds the answer to <paramref name="frame"/> into <paramref name="reply"/>, or returns false.</summary>
    public static bool TryRespond(ReadOnlySpan<byte> frame, ResponderTable table, Span<byte> reply, out int length, out AnnouncedAddress? address)
    {
        ArgumentNullException.ThrowIfNull(table);
        length = 0;
        address = null;
        if (frame.Length < EthernetFrame.HeaderLength)
        {
            return false;
        }

        return EthernetFrame.ReadEtherType(frame) switch
        {
            EthernetFrame.EtherTypeArp => TryRespondArp(frame, table, reply, out length, out address),
            EthernetFrame.EtherTypeIPv6 => TryRespondNdp(frame, table, reply, out length, out address),
            _ => false,
        };
    }

    private static bool TryRespondArp(ReadOnlySpan<byte> frame, ResponderTable table, Span<byte> reply, out int length, out AnnouncedAddress? address)
    {
        length = 0;
        address = null;
        if (!ArpCodec.TryRead(frame, out var arp)
            || arp.Operation != ArpOperation.Request

            // MetalLB arp.go: only requests sent to broadcast or to us; and never our own frames (our gratuitous requests).
            || !(arp.EthernetDestination.IsBroadcast || arp.EthernetDestination == table.Mac)
            || arp.EthernetSource == table.Mac
            || !table.V4.TryGetValue(arp.TargetIp, out address))
        {
            return false;
        }

        length = ArpCodec.WriteReply(reply, table.Mac, arp.TargetIp, arp.SenderHardware, arp.SenderIp);
        return true;
    }

    private static bool TryRespondNdp(ReadOnlySpan<byte> frame, ResponderTable table, Span<byte> reply, out int length, out AnnouncedAddress? address)
    {
        length = 0;
        address = null;

        // MetalLB ndp.go: a solicitation without a source link-layer address (Duplicate Address Detection from ::) gets no
        // answer; we reply straight to the link-layer address it carries.
        if (!NdpCodec.TryReadSolicitation(frame, out var ns)
            || !ns.HasSourceLinkLayerAddress
            || ns.EthernetSource == table.Mac
            || !table.V6.TryGetValue(ns.Target, out address))
        {
            return false;
        }

        // RFC 4861 §7.2.4: solicited, unicast to the soliciting node. Override is set (MetalLB clears it): the address has
        // one owner at a time and moves between nodes, and with O=0 a client holding the old node's MAC in STALE/PROBE
        // state must ignore the new owner's answer (RFC 4861 §7.2.5); RFC 4861 §7.2.4 says O SHOULD be set unless the
        // target is anycast or proxied.
        length = NdpCodec.WriteAdvertisement(
            reply,
            ns.SourceLinkLayerAddress,
            table.Mac,
            ResponderTable.AdvertisementSource(ns.Target),
            ns.Source,
            ns.Target,
            NdpCodec.FlagSolicited | NdpCodec.FlagOverride);
        return true;
    }
}
