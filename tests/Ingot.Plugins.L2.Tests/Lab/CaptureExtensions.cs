namespace Ingot.Plugins.L2.Lab.Tests;

/// <summary>What the failover tests read from a <see cref="Capture"/> beyond gratuitous ARP.</summary>
internal static class CaptureExtensions
{
    /// <summary>Unsolicited Neighbor Advertisements (to all nodes, ff02::1) for <paramref name="ip"/> from <paramref name="mac"/>:
    /// the IPv6 counterpart of a gratuitous ARP burst.</summary>
    public static int UnsolicitedAdvertisements(this Capture capture, string ip, string mac)
        => capture.Lines.Count(l => l.Contains(mac + " > ", StringComparison.OrdinalIgnoreCase)
                                    && l.Contains("> ff02::1: ICMP6, neighbor advertisement, tgt is " + ip + ",", StringComparison.Ordinal));
}
