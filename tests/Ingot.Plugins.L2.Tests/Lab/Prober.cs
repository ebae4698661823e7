using System.Globalization;

namespace Ingot.Plugins.L2.Lab.Tests;

/// <summary>
/// Probes from the lab's client with raw sockets: one ARP request (or Neighbor Solicitation for IPv6) per window, and
/// every MAC that answered within the window. arping and ndisc6 stop at the first reply, so they cannot tell one
/// answering node from two; this prober keeps listening until the window ends.
/// </summary>
internal static class Prober
{
    // Sent from the client (192.0.2.100, 2001:db8::100). Only answers count, not gratuitous announcements that happen to
    // fall in the window: ARP replies sent to the client's MAC (their sender hardware address), and Neighbor
    // Advertisements for the target with the Solicited flag (their target link-layer address option). The kernel fills
    // the ICMPv6 checksum.
    private const string Script = """
        import ipaddress, select, socket, struct, sys, time
        ip, count, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) / 1000.0
        mac = bytes.fromhex(open("/sys/class/net/eth0/address").read().strip().replace(":", ""))
        if ":" not in ip:
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
            s.bind(("eth0", 0))
            target = socket.inet_aton(ip)
            frame = (b"\xff" * 6 + mac + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1)
                     + mac + socket.inet_aton("192.0.2.100") + b"\x00" * 6 + target)
            def send():
                s.send(frame)
            def parse(d):
                if len(d) >= 42 and d[0:6] == mac and d[12:14] == b"\x08\x06" and d[20:22] == b"\x00\x02" and d[28:32] == target:
                    return d[22:28]
        else:
            s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
            s.bind(("2001:db8::100", 0))
            target = ipaddress.IPv6Address(ip).packed
            group = str(ipaddress.IPv6Address(ipaddress.IPv6Address("ff02::1:ff00:0").packed[:13] + target[13:]))
            ns = struct.pack("!BBHI", 135, 0, 0, 0) + target + b"\x01\x01" + mac
            index = socket.if_nametoindex("eth0")
            def send():
                s.sendto(ns, (group, 0, 0, index))
            def parse(d):
                if len(d) < 24 or d[0] != 136 or not d[4] & 0x40 or d[8:24] != target:
                    return None
                at = 24
                while at + 8 <= len(d) and d[at + 1] > 0:
                    if d[at] == 2:
                        return d[at + 2:at + 8]
                    at += d[at + 1] * 8
        for i in range(count):
            while select.select([s], [], [], 0)[0]:
                s.recv(2048)
            send()
            end = time.monotonic() + window
            seen = set()
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    break
                if select.select([s], [], [], left)[0]:
                    m = parse(s.recv(2048))
                    if m:
                        seen.add(":".join("%02x" % b for b in m))
            print(i, ",".join(sorted(seen)), flush=True)
        """;

    /// <summary>Sends <paramref name="count"/> probes for <paramref name="ip"/>, one per <paramref name="windowMs"/>.</summary>
    public static IReadOnlyList<IReadOnlySet<string>> Run(FailoverFixture lab, string ip, int count, int windowMs = 150)
    {
        var (code, output, error) = lab.InNamespace("client", "python3", "-c", Script, ip,
            count.ToString(CultureInfo.InvariantCulture), windowMs.ToString(CultureInfo.InvariantCulture));
        if (code != 0)
        {
            throw new InvalidOperationException($"the prober for {ip} failed ({code}): {error}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2))
            .Select(p => (IReadOnlySet<string>)(p.Length < 2 ? new HashSet<string>() : p[1].Split(',').ToHashSet(StringComparer.OrdinalIgnoreCase)))
            .ToList();
    }
}
