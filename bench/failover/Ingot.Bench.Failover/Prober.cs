using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Ingot.Bench.Failover;

/// <summary>
/// Sends one ARP request for the target every interval and writes one line per ARP packet whose sender IP is the
/// target (replies and gratuitous announcements alike, since either moves the client's cache):
/// <c>MICROSECONDS MAC OPERATION</c>, the time being libpcap's, which the kernel stamps when the frame arrives
/// (TPACKET ring), so neither this process's scheduling nor the log's buffering moves it.
/// </summary>
internal sealed class Prober(string iface, IPAddress source, IPAddress target, TimeSpan interval, TextWriter log)
{
    private long _sent;
    private long _logged;

    public (long Sent, long Logged) Run(CancellationToken stop)
    {
        var device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == iface)
            ?? throw new ArgumentException($"--iface: no interface '{iface}' in this namespace");
        device.Open(new DeviceConfiguration { Mode = DeviceModes.None, ReadTimeout = 50, Immediate = true, Snaplen = 96, BufferSize = 4 << 20 });
        var mac = ArpFrame.ParseMac(File.ReadAllText($"/sys/class/net/{iface}/address"), "--iface");
        // Only ARP that others sent: our own requests would otherwise come back through the capture.
        device.Filter = $"arp and not ether src {ArpFrame.FormatMac(mac)}";
        var targetIp = BinaryPrimitives.ReadUInt32BigEndian(target.GetAddressBytes());
        var frame = ArpFrame.Request(mac, BinaryPrimitives.ReadUInt32BigEndian(source.GetAddressBytes()), targetIp);

        var receiver = new Thread(() => Receive(device, targetIp, stop)) { IsBackground = true, Name = "receive" };
        receiver.Start();
        var start = Stopwatch.GetTimestamp();
        var ticks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            // Paced by the clock, not by the sleep: request i leaves at start + i × interval, so a late wake-up
            // does not shift every later request.
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (i * ticks));
            if (wait > TimeSpan.Zero)
            {
                stop.WaitHandle.WaitOne(wait);
            }

            device.SendPacket(frame);
            _sent++;
        }

        receiver.Join();
        device.Close();
        return (_sent, Interlocked.Read(ref _logged));
    }

    private void Receive(LibPcapLiveDevice device, uint targetIp, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (device.GetNextPacket(out var capture) != GetPacketStatus.PacketRead)
            {
                continue;
            }

            if (!ArpFrame.TryRead(capture.Data, out var op, out var sender, out var senderIp) || senderIp != targetIp)
            {
                continue;
            }

            var t = capture.Header.Timeval;
            var us = ((long)t.Seconds * 1_000_000) + (long)t.MicroSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{us} {ArpFrame.FormatMac(sender)} {(op == 2 ? "reply" : "request")}"));
            Interlocked.Increment(ref _logged);
        }
    }
}
