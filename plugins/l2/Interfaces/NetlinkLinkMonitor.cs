using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.L2.Interfaces;

/// <summary>
/// An rtnetlink listener (AF_NETLINK, NETLINK_ROUTE, group RTMGRP_LINK) on its own thread. It asks the kernel for a dump
/// of every link when it starts, and again after the socket overran (ENOBUFS: events were lost), so <see cref="Find"/>
/// always reflects the kernel's latest word. Malformed messages are dropped and counted, never acted on.
/// </summary>
internal sealed class NetlinkLinkMonitor(ILogger<NetlinkLinkMonitor>? logger = null) : ILinkMonitor
{
    // A dump of many interfaces arrives in datagrams of up to a page or so each; 64 KiB never truncates one.
    private const int BufferLength = 65536;
    private const int PollMilliseconds = 200;

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, LinkEvent> _links = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Thread? _thread;
    private int _fd = -1;
    private uint _sequence;
    private long _dropped;
    private volatile bool _stopping;

    public event Action<LinkEvent>? Changed;

    /// <summary>Malformed messages dropped since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool Start()
    {
        lock (_gate)
        {
            if (_thread is not null || _stopping)
            {
                return _thread is not null;
            }

            var fd = NetlinkNative.Socket(NetlinkNative.AfNetlink, NetlinkNative.SockRaw | NetlinkNative.SockCloexec, NetlinkNative.NetlinkRoute);
            if (fd < 0)
            {
                Log.NetlinkUnavailable(_logger, Marshal.GetLastPInvokeError());
                return false;
            }

            var address = new NetlinkNative.SockaddrNl { Family = NetlinkNative.AfNetlink, Groups = NetlinkNative.RtmgrpLink };
            if (NetlinkNative.Bind(fd, ref address, Marshal.SizeOf<NetlinkNative.SockaddrNl>()) != 0)
            {
                Log.NetlinkUnavailable(_logger, Marshal.GetLastPInvokeError());
                NetlinkNative.Close(fd);
                return false;
            }

            _fd = fd;
            RequestDump();
            _thread = new Thread(Loop) { IsBackground = true, Name = "ingot-l2-netlink" };
            _thread.Start();
            return true;
        }
    }

    public LinkEvent? Find(string name) => _links.TryGetValue(name, out var link) ? link : null;

    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            _stopping = true;
            thread = _thread;
        }

        thread?.Join(TimeSpan.FromSeconds(2));
        lock (_gate)
        {
            if (_fd >= 0)
            {
                NetlinkNative.Close(_fd);
                _fd = -1;
            }
        }
    }

    /// <summary>RTM_GETLINK with NLM_F_REQUEST | NLM_F_DUMP: the kernel answers with one RTM_NEWLINK per interface.</summary>
    private unsafe void RequestDump()
    {
        const ushort request = 0x1;
        const ushort dump = 0x300;
        Span<byte> message = stackalloc byte[NetlinkLinkParser.HeaderLength + NetlinkLinkParser.IfInfoLength];
        message.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message[4..], NetlinkLinkParser.RtmGetLink);
        BinaryPrimitives.WriteUInt16LittleEndian(message[6..], request | dump);
        BinaryPrimitives.WriteUInt32LittleEndian(message[8..], ++_sequence);
        fixed (byte* p = message)
        {
            if (NetlinkNative.Send(_fd, p, message.Length, 0) < 0)
            {
                Log.NetlinkFailed(_logger, "dump request", Marshal.GetLastPInvokeError());
            }
        }
    }

    private unsafe void Loop()
    {
        var buffer = new byte[BufferLength];
        var events = new List<LinkEvent>();
        while (!_stopping)
        {
            var poll = new NetlinkNative.PollFd { Fd = _fd, Events = NetlinkNative.PollIn };
            var ready = NetlinkNative.Poll(ref poll, 1, PollMilliseconds);
            if (ready <= 0)
            {
                continue; // timeout, or EINTR: look at _stopping again
            }

            nint received;
            fixed (byte* p = buffer)
            {
                received = NetlinkNative.Recv(_fd, p, buffer.Length, 0);
            }

            if (received < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == NetlinkNative.Enobufs)
                {
                    // The kernel dropped events for us: what we hold may be stale, ask for everything again.
                    RequestDump();
                }
                else if (errno is not (NetlinkNative.Eintr or NetlinkNative.Eagain))
                {
                    Log.NetlinkFailed(_logger, "recv", errno);
                    Thread.Sleep(PollMilliseconds);
                }

                continue;
            }

            events.Clear();
            var dropped = NetlinkLinkParser.Parse(buffer.AsSpan(0, (int)received), events);
            if (dropped > 0)
            {
                Interlocked.Add(ref _dropped, dropped);
                Log.NetlinkMalformed(_logger, dropped);
            }

            foreach (var link in events)
            {
                Apply(link);
            }
        }
    }

    private void Apply(LinkEvent link)
    {
        if (link.Name.Length > 0)
        {
            if (link.Deleted)
            {
                _links.TryRemove(link.Name, out _);
            }
            else
            {
                _links[link.Name] = link;
            }
        }

        try
        {
            Changed?.Invoke(link);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A subscriber's bug must not stop the listener.
            Log.NetlinkFailed(_logger, "a Changed handler threw: " + e.Message, 0);
        }
    }
}
