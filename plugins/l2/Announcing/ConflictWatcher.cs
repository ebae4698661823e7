using System.Collections.Concurrent;
using Ingot.Plugins.L2.Codec;
using Ingot.Plugins.L2.Responding;

namespace Ingot.Plugins.L2.Announcing;

/// <summary>
/// Watches captured frames for other stations claiming our addresses, and learns each node's MAC from the ARP traffic of
/// its InternalIP (membership heartbeats make the nodes resolve each other). Claims leave the capture thread through the
/// thread pool, at most one per address per <see cref="Quiet"/>, so a flood of replies costs one decision.
/// </summary>
internal sealed class ConflictWatcher(TimeProvider time) : IFrameObserver
{
    /// <summary>How long after one claim about an address the next is ignored.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<MacAddress, string> _nodeByMac = new();
    private readonly ConcurrentDictionary<string, long> _lastClaim = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<uint, string> _nodeByIp = new Dictionary<uint, string>();

    /// <summary>Raised on a pool thread.</summary>
    public event Action<ForeignClaim>? Claimed;

    /// <summary>The nodes' IPv4 InternalIPs (host order), to recognise their ARP senders.</summary>
    public void SetNodes(IReadOnlyDictionary<uint, string> nodeByIp) => _nodeByIp = nodeByIp;

    /// <summary>The node whose MAC this is, when learned.</summary>
    public string? NodeOf(MacAddress mac) => _nodeByMac.TryGetValue(mac, out var node) ? node : null;

    public void Observe(string interfaceName, ReadOnlySpan<byte> frame, ResponderTable table)
    {
        if (ConflictFrames.TryReadArpSender(frame, out var ip, out var mac) && _nodeByIp.TryGetValue(ip, out var node))
        {
            _nodeByMac[mac] = node;
        }

        if (!ConflictFrames.TryReadClaim(frame, table, out var address, out var claimant))
        {
            return;
        }

        var now = time.GetTimestamp();
        var last = _lastClaim.GetOrAdd(address!.Text, long.MinValue);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < Quiet)
        {
            return;
        }

        _lastClaim[address.Text] = now;
        var claim = new ForeignClaim(interfaceName, address, claimant);
        ThreadPool.UnsafeQueueUserWorkItem(c => Claimed?.Invoke(c), claim, preferLocal: false);
    }
}
