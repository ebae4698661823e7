using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ingot.Plugins.Bgp.Bfd;

namespace Ingot.Plugins.Bgp.Metrics;

/// <summary>
/// MetalLB's BGP metrics (names and help texts of the native speaker, plus the FRR-mode message counters), label
/// <c>peer</c> = <c>addr:port</c>. Gauges are observed from live sessions, so a closed session's series disappear as
/// MetalLB deletes them.
/// </summary>
internal sealed class BgpMetrics : IDisposable
{
    public const string MeterName = "Ingot.Plugins.Bgp";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<object, Func<BgpSessionMetrics>> _sessions = new();
    private readonly Counter<long> _updates;
    private readonly Counter<long> _opensSent;
    private readonly Counter<long> _opensReceived;
    private readonly Counter<long> _notificationsSent;
    private readonly Counter<long> _keepalivesSent;
    private readonly Counter<long> _keepalivesReceived;
    private readonly Counter<long> _updatesReceived;
    private readonly Counter<long> _totalSent;
    private readonly Counter<long> _totalReceived;
    private volatile IReadOnlyList<Measurement<long>> _announced = [];

    public BgpMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("metallb_bgp_session_up", () => Observe(s => s.Up ? 1 : 0), description: "BGP session state (1 is up, 0 is down)");
        _meter.CreateObservableGauge("metallb_bgp_announced_prefixes_total", () => Observe(s => s.Announced), description: "Number of prefixes currently being advertised on the BGP session");
        _meter.CreateObservableGauge("metallb_bgp_pending_prefixes_total", () => Observe(s => s.Pending), description: "Number of prefixes that should be advertised on the BGP session");
        _updates = _meter.CreateCounter<long>("metallb_bgp_updates_total", description: "Number of BGP UPDATE messages sent");
        _opensSent = _meter.CreateCounter<long>("metallb_bgp_opens_sent", description: "Number of BGP open messages sent");
        _opensReceived = _meter.CreateCounter<long>("metallb_bgp_opens_received", description: "Number of BGP open messages received");
        _notificationsSent = _meter.CreateCounter<long>("metallb_bgp_notifications_sent", description: "Number of BGP notification messages sent");
        _keepalivesSent = _meter.CreateCounter<long>("metallb_bgp_keepalives_sent", description: "Number of BGP keepalive messages sent");
        _keepalivesReceived = _meter.CreateCounter<long>("metallb_bgp_keepalives_received", description: "Number of BGP keepalive messages received");

        // FRR mode's message totals, so its dashboards work unchanged. Its route_refresh_sent is left out: we import
        // nothing, so we never ask a peer to resend.
        _updatesReceived = _meter.CreateCounter<long>("metallb_bgp_updates_total_received", description: "Number of BGP UPDATE messages received");
        _totalSent = _meter.CreateCounter<long>("metallb_bgp_total_sent", description: "Number of total BGP messages sent");
        _totalReceived = _meter.CreateCounter<long>("metallb_bgp_total_received", description: "Number of total BGP messages received");

        // FRR mode's BFD series (its frr-metrics sidecar), label peer = the peer's address. No echo counters: no echo mode.
        _meter.CreateObservableGauge("metallb_bfd_session_up", () => ObserveBfd(b => b.State == BfdState.Up ? 1 : 0), description: "BFD session state (1 is up, 0 is down)");
        _meter.CreateObservableCounter("metallb_bfd_control_packet_input", () => ObserveBfd(b => b.ControlPacketsReceived), description: "Number of received BFD control packets");
        _meter.CreateObservableCounter("metallb_bfd_control_packet_output", () => ObserveBfd(b => b.ControlPacketsSent), description: "Number of sent BFD control packets");
        _meter.CreateObservableCounter("metallb_bfd_session_up_events", () => ObserveBfd(b => b.UpEvents), description: "Number of BFD session up events");
        _meter.CreateObservableCounter("metallb_bfd_session_down_events", () => ObserveBfd(b => b.DownEvents), description: "Number of BFD session down events");

        // The same series MetalLB's speaker keeps for both protocols; the l2 plugin reports protocol="layer2" under the
        // same name and label order, and the host merges both into one metric.
        _meter.CreateObservableGauge("metallb_speaker_announced", () => _announced,
            description: "Services being announced from this node. This is desired state, it does not guarantee that the routing protocols have converged.");
    }

    /// <summary>Publishes the desired state: one series (value 1) per Service and address this node announces by BGP.</summary>
    public void SetAnnounced(string node, IEnumerable<(string Service, string Address)> announced)
        => _announced =
        [
            .. announced.Distinct().Select(a => new Measurement<long>(1,
                new KeyValuePair<string, object?>("service", a.Service),
                new KeyValuePair<string, object?>("protocol", "bgp"),
                new KeyValuePair<string, object?>("node", node),
                new KeyValuePair<string, object?>("ip", a.Address))),
        ];

    /// <summary>This instance's meter, so a reader can tell it from another instance's of the same name.</summary>
    public Meter Meter => _meter;

    public void Register(object session, Func<BgpSessionMetrics> read) => _sessions[session] = read;

    public void Unregister(object session) => _sessions.TryRemove(session, out _);

    public void UpdatesSent(string peer, int count) => Sent(_updates, peer, count);

    public void OpenSent(string peer) => Sent(_opensSent, peer);

    public void NotificationSent(string peer) => Sent(_notificationsSent, peer);

    public void KeepaliveSent(string peer) => Sent(_keepalivesSent, peer);

    public void OpenReceived(string peer) => Received(_opensReceived, peer);

    public void KeepaliveReceived(string peer) => Received(_keepalivesReceived, peer);

    public void UpdateReceived(string peer) => Received(_updatesReceived, peer);

    /// <summary>A NOTIFICATION or ROUTE-REFRESH: counted in the total only, as FRR mode does.</summary>
    public void OtherReceived(string peer) => _totalReceived.Add(1, Tag(peer));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string peer) => new("peer", peer);

    private void Sent(Counter<long> counter, string peer, int count = 1)
    {
        counter.Add(count, Tag(peer));
        _totalSent.Add(count, Tag(peer));
    }

    private void Received(Counter<long> counter, string peer)
    {
        counter.Add(1, Tag(peer));
        _totalReceived.Add(1, Tag(peer));
    }

    private IEnumerable<Measurement<long>> Observe(Func<BgpSessionMetrics, long> value)
    {
        foreach (var read in _sessions.Values)
        {
            var s = read();
            yield return new Measurement<long>(value(s), Tag(s.Peer));
        }
    }

    private IEnumerable<Measurement<long>> ObserveBfd(Func<BfdSession, long> value)
    {
        foreach (var read in _sessions.Values)
        {
            if (read().Bfd is { } bfd)
            {
                yield return new Measurement<long>(value(bfd), Tag(bfd.Peer.ToString()));
            }
        }
    }
}
