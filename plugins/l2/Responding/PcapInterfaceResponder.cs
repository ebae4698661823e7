using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Codec;
using Ingot.Plugins.L2.Interfaces;
using Microsoft.Extensions.Logging;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Ingot.Plugins.L2.Responding;

/// <summary>
/// ARP/NDP responder on one interface through libpcap: a capture thread reads requests with immediate delivery (libpcap's
/// default buffering holds packets for tens of milliseconds), filters them in the kernel with BPF, parses them in place
/// (the capture is a span over libpcap's ring) and answers from stack memory; nothing is allocated per packet.
/// </summary>
internal sealed class PcapInterfaceResponder : IInterfaceResponder
{
    /// <summary>ARP (requests to answer; replies and gratuitous ARP to see another station claiming our addresses), and
    /// Neighbor Solicitations and Advertisements (ICMPv6 type at offset 40 when no extension header precedes it, which
    /// NDP never uses).</summary>
    public const string CaptureFilter = "arp or (icmp6 and (ip6[40] = 135 or ip6[40] = 136))";

    private const int ReadTimeoutMilliseconds = 200;

    private readonly LibPcapLiveDevice _device;
    private readonly LinkInfo _link;
    private readonly L2Metrics _metrics;
    private readonly Func<bool> _mayAnswer;
    private readonly IFrameObserver? _observer;
    private readonly ILogger _logger;
    private readonly SolicitedNodeMemberships _memberships;
    private readonly Thread _thread;
    private readonly Lock _sendLock = new();
    private readonly int _realtimePriority;
    private volatile ResponderTable _table;
    private volatile bool _stopping;

    private PcapInterfaceResponder(LibPcapLiveDevice device, LinkInfo link, int realtimePriority, L2Metrics metrics, Func<bool> mayAnswer, IFrameObserver? observer, ILogger logger)
    {
        _device = device;
        _realtimePriority = realtimePriority;
        _link = link;
        _metrics = metrics;
        _mayAnswer = mayAnswer;
        _observer = observer;
        _logger = logger;
        _table = new ResponderTable(link.Mac, link.LinkLocal, []);
        _memberships = new SolicitedNodeMemberships(link.Name, link.Index, logger);
        WarmUp();
        _thread = new Thread(CaptureLoop) { IsBackground = true, Name = "ingot-l2-" + link.Name };
        _thread.Start();
    }

    public string InterfaceName => _link.Name;

    /// <param name="link">The interface.</param>
    /// <param name="realtimePriority">SCHED_FIFO priority of the capture thread, 0 for none (see
    /// <see cref="RealtimeScheduling"/>).</param>
    /// <param name="metrics">Where requests and responses are counted.</param>
    /// <param name="mayAnswer">Asked before every answer: false while membership fences this node.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="observer">Sees the frames not answered (conflict detection), or null.</param>
    public static PcapInterfaceResponder Open(LinkInfo link, int realtimePriority, L2Metrics metrics, Func<bool> mayAnswer, ILogger logger, IFrameObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(link);

        // A fresh list each time: LibPcapLiveDeviceList.Instance is cached and would not see interfaces created later.
        var device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == link.Name)
            ?? throw new InvalidOperationException($"libpcap does not list interface '{link.Name}'");
        try
        {
            device.Open(new DeviceConfiguration
            {
                Mode = DeviceModes.None,
                ReadTimeout = ReadTimeoutMilliseconds,
                Immediate = true,
                Snaplen = 256,
            });
            device.Filter = CaptureFilter;
        }
        catch
        {
            device.Close();
            throw;
        }

        Log.ResponderStarted(logger, link.Name, link.Mac.ToString());
        return new PcapInterfaceResponder(device, link, realtimePriority, metrics, mayAnswer, observer, logger);
    }

    public void Update(ResponderTable table)
    {
        _table = table;
        _memberships.Set(table.V6.Keys);
    }

    public int SendGratuitous(AnnouncedAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> frame = stackalloc byte[FrameResponder.MaxReplyLength];
        var mac = _link.Mac;
        if (address.IsIPv4)
        {
            var sent = 0;
            foreach (var op in (ReadOnlySpan<ArpOperation>)[ArpOperation.Request, ArpOperation.Reply])
            {
                sent += Send(frame[..ArpCodec.WriteGratuitous(frame, mac, address.V4, op)]) ? 1 : 0;
            }

            return sent;
        }

        // RFC 4861 §7.2.6: unsolicited advertisement to all-nodes, Solicited clear, Override set.
        var length = NdpCodec.WriteAdvertisement(
            frame,
            MacAddress.AllNodesMulticast,
            mac,
            ResponderTable.AdvertisementSource(address.V6),
            Ipv6Addresses.AllNodes,
            address.V6,
            NdpCodec.FlagOverride);
        return Send(frame[..length]) ? 1 : 0;
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(2));
        _memberships.Dispose();
        _device.Close();
        Log.ResponderStopped(_logger, _link.Name);
    }

    /// <summary>Runs the answer path once on synthetic frames so the first real request does not wait for the JIT (the
    /// first answer otherwise takes tens of milliseconds).</summary>
    private static void WarmUp()
    {
        var ours = new MacAddress(0x0200_0000_0001);
        var peer = new MacAddress(0x0200_0000_0002);
        var v4 = new AnnouncedAddress(System.Net.IPAddress.Parse("192.0.2.1"), [], []);
        var v6 = new AnnouncedAddress(System.Net.IPAddress.Parse("2001:db8::1"), [], []);
        var table = new ResponderTable(ours, null, [v4, v6]);
        Span<byte> request = stackalloc byte[FrameResponder.MaxReplyLength];
        Span<byte> reply = stackalloc byte[FrameResponder.MaxReplyLength];
        var n = ArpCodec.WriteRequest(request, peer, 0xC000_0202, v4.V4);
        FrameResponder.TryRespond(request[..n], table, reply, out _, out _);
        n = NdpCodec.WriteSolicitation(request, peer, v6.V6 + 1, v6.V6);
        FrameResponder.TryRespond(request[..n], table, reply, out _, out _);
    }

    private bool Send(ReadOnlySpan<byte> frame)
    {
        try
        {
            lock (_sendLock)
            {
                _device.SendPacket(frame);
            }

            return true;
        }
        catch (Exception e) when (e is PcapException or ObjectDisposedException or InvalidOperationException)
        {
            Log.SendFailed(_logger, _link.Name, e.Message);
            return false;
        }
    }

    private void CaptureLoop()
    {
        if (_realtimePriority > 0)
        {
            Log.RealtimeScheduling(_logger, _link.Name, _realtimePriority, RealtimeScheduling.TryEnterForCurrentThread(_realtimePriority));
        }

        Span<byte> reply = stackalloc byte[FrameResponder.MaxReplyLength];
        while (!_stopping)
        {
            // GetNextPacket polls the descriptor with the read timeout first: in immediate mode libpcap's own read would
            // block until a packet arrives, and the loop must see _stopping on an idle link.
            GetPacketStatus status;
            PacketCapture capture;
            try
            {
                status = _device.GetNextPacket(out capture);
            }
            catch (Exception e) when (e is PcapException or ObjectDisposedException or InvalidOperationException)
            {
                if (!_stopping)
                {
                    Log.CaptureFailed(_logger, _link.Name, e.Message);
                }

                return;
            }

            if (status == GetPacketStatus.ReadTimeout)
            {
                continue;
            }

            if (status != GetPacketStatus.PacketRead)
            {
                if (!_stopping)
                {
                    Log.CaptureFailed(_logger, _link.Name, _device.LastError);
                }

                return;
            }

            var table = _table;
            if (FrameResponder.TryRespond(capture.Data, table, reply, out var length, out var address))
            {
                _metrics.RequestReceived(address!);

                // Asked per request against the clock: a process resumed after a pause must not answer on the
                // authority it had before.
                if (_mayAnswer() && Send(reply[..length]))
                {
                    _metrics.ResponseSent(address!);
                }
            }
            else
            {
                _observer?.Observe(_link.Name, capture.Data, table);
            }
        }
    }
}
