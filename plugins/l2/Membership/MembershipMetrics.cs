using System.Diagnostics.Metrics;
using Ingot.Plugins.L2.Membership.Wire;

namespace Ingot.Plugins.L2.Membership;

/// <summary>The membership metrics, on the l2 plugin's meter (<see cref="L2Metrics.MeterName"/>) so the host exports them
/// with the layer 2 ones without further wiring.</summary>
internal sealed class MembershipMetrics : IDisposable
{
    private static readonly KeyValuePair<string, object?> Malformed = new("reason", "malformed");
    private static readonly KeyValuePair<string, object?> Authentication = new("reason", "authentication");
    private static readonly KeyValuePair<string, object?> Replay = new("reason", "replay");
    private static readonly KeyValuePair<string, object?> UnknownSender = new("reason", "unknown_sender");

    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _received;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _sendErrors;
    private volatile MembershipSnapshot _snapshot = MembershipSnapshot.Disabled;

    public MembershipMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(L2Metrics.MeterName) ?? new Meter(L2Metrics.MeterName);
        _sent = _meter.CreateCounter<long>("ingot_membership_heartbeats_sent_total", description: "Membership datagrams sent");
        _received = _meter.CreateCounter<long>("ingot_membership_heartbeats_received_total", description: "Authenticated membership datagrams accepted");
        _dropped = _meter.CreateCounter<long>("ingot_membership_messages_dropped_total", description: "Membership datagrams dropped, by reason");
        _sendErrors = _meter.CreateCounter<long>("ingot_membership_send_errors_total", description: "Membership datagrams the kernel refused to send");
        _meter.CreateObservableGauge("ingot_membership_members", ObserveMembers, description: "Expected membership peers by state");
        _meter.CreateObservableGauge("ingot_membership_fallback", () => _snapshot.Mode == MembershipMode.Fallback ? 1 : 0, description: "1 while no membership peer was ever heard and the Node-readiness election decides");
        _meter.CreateObservableGauge("ingot_layer2_fenced", () => _snapshot.Fenced ? 1 : 0, description: "1 while this speaker lacks a membership majority and withholds ARP/NDP answers");
    }

    public Meter Meter => _meter;

    public void Publish(MembershipSnapshot snapshot) => _snapshot = snapshot;

    public void Sent() => _sent.Add(1);

    public void Received() => _received.Add(1);

    public void SendError() => _sendErrors.Add(1);

    public void Dropped(DecodeStatus status)
    {
        if (status == DecodeStatus.Malformed)
        {
            _dropped.Add(1, Malformed);
        }
        else if (status == DecodeStatus.Authentication)
        {
            _dropped.Add(1, Authentication);
        }
    }

    public void Dropped(ReceiveOutcome outcome)
    {
        if (outcome == ReceiveOutcome.Replay)
        {
            _dropped.Add(1, Replay);
        }
        else if (outcome == ReceiveOutcome.UnknownSender)
        {
            _dropped.Add(1, UnknownSender);
        }
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveMembers()
    {
        var snapshot = _snapshot;
        long alive = 0, dead = 0, left = 0, unknown = 0;
        foreach (var member in snapshot.Members.Values)
        {
            switch (member.State)
            {
                case MemberState.Alive: alive++; break;
                case MemberState.Dead: dead++; break;
                case MemberState.Left: left++; break;
                default: unknown++; break;
            }
        }

        return
        [
            new(alive, new KeyValuePair<string, object?>("state", "alive")),
            new(dead, new KeyValuePair<string, object?>("state", "dead")),
            new(left, new KeyValuePair<string, object?>("state", "left")),
            new(unknown, new KeyValuePair<string, object?>("state", "unknown")),
        ];
    }
}
