using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Responding;

/// <summary>
/// Pure reading of the frames that reveal another station answering for one of our addresses, and of the ARP senders
/// that reveal which MAC a node has. Never throws on wire input; our own frames (our MAC) are never a claim.
/// </summary>
internal static class ConflictFrames
{
    /// <summary>True when <paramref name="frame"/> is an ARP reply or gratuitous ARP (sender IP = target IP) whose sender
    /// IP, or an NA whose target, is in <paramref name="table"/> and whose hardware address is not ours.</summary>
    public static bool TryReadClaim(ReadOnlySpan<byte> frame, ResponderTable table, out AnnouncedAddress? address, out MacAddress claimant)
    {
        ArgumentNullException.ThrowIfNull(table);
        address = null;
        claimant = default;
        if (frame.Length < EthernetFrame.HeaderLength)
        {
            return false;
        }

        var type = EthernetFrame.ReadEtherType(frame);
        if (type == EthernetFrame.EtherTypeArp)
        {
            if (!ArpCodec.TryRead(frame, out var arp)
                || !(arp.Operation == ArpOperation.Reply || arp.SenderIp == arp.TargetIp)
                || arp.SenderHardware == table.Mac || arp.EthernetSource == table.Mac
                || !table.V4.TryGetValue(arp.SenderIp, out address))
            {
                address = null;
                return false;
            }

            claimant = arp.SenderHardware;
            return true;
        }

        if (type == EthernetFrame.EtherTypeIPv6
            && NdpCodec.TryReadAdvertisement(frame, out _, out var target, out var targetLinkLayer))
        {
            var mac = targetLinkLayer == MacAddress.Zero ? MacAddress.Read(frame[EthernetFrame.SourceOffset..]) : targetLinkLayer;
            if (mac != table.Mac && table.V6.TryGetValue(target, out address))
            {
                claimant = mac;
                return true;
            }
        }

        address = null;
        return false;
    }

    /// <summary>The sender of any ARP frame, to learn which MAC each node's InternalIP has.</summary>
    public static bool TryReadArpSender(ReadOnlySpan<byte> frame, out uint ip, out MacAddress mac)
    {
        ip = 0;
        mac = default;
        if (!ArpCodec.TryRead(frame, out var arp) || arp.SenderIp == 0)
        {
            return false;
        }

        ip = arp.SenderIp;
        mac = arp.SenderHardware;
        return true;
    }
}
