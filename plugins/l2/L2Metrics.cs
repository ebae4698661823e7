using System.Diagnostics.Metrics;
using Ingot.Plugins.L2.Announcing;

namespace Ingot.Plugins.L2;

/// <summary>MetalLB's layer 2 speaker metrics, same names, labels and help texts, on the <c>Ingot.Plugins.L2</c> meter.
/// The host bridges them to Prometheus unchanged.</summary>
internal sealed class L2Metrics : IDisposable
{
    public const string MeterName = "Ingot.Plugins.L2";

    private readonly Meter _meter;
    private readonly Counter<long> _requestsReceived;
    private readonly Counter<long> _responsesSent;
    private readonly Counter<long> _gratuitousSent;
    private volatile IReadOnlyList<Measurement<long>> _announced = [];

    public L2Metrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requestsReceived = _meter.CreateCounter<long>(
            "metallb_layer2_requests_received", description: "Number of layer2 requests received for owned IPs");
        _responsesSent = _meter.CreateCounter<long>(
            "metallb_layer2_responses_sent", description: "Number of layer2 responses sent for owned IPs in response to requests");
        _gratuitousSent = _meter.CreateCounter<long>(
            "metallb_layer2_gratuitous_sent", description: "Number of gratuitous layer2 packets sent for owned IPs as a result of failovers");
        _meter.CreateObservableGauge(
            "metallb_speaker_announced",
            () => _announced,
            description: "Services being announced from this node. This is desired state, it does not guarantee that the routing protocols have converged.");
    }

    public Meter Meter => _meter;

    public void RequestReceived(AnnouncedAddress address) => _requestsReceived.Add(1, address.IpTag);

    public void ResponseSent(AnnouncedAddress address) => _responsesSent.Add(1, address.IpTag);

    public void GratuitousSent(AnnouncedAddress address, int packets) => _gratuitousSent.Add(packets, address.IpTag);

    /// <summary>Publishes the desired state: one series (value 1) per Service and address this node announces.</summary>
    public void SetAnnounced(string node, IEnumerable<AnnouncedAddress> addresses)
    {
        var list = new List<Measurement<long>>();
        foreach (var a in addresses)
        {
            foreach (var service in a.Services)
            {
                list.Add(new Measurement<long>(
                    1,
                    new KeyValuePair<string, object?>("service", service.ToString()),
                    new KeyValuePair<string, object?>("protocol", "layer2"),
                    new KeyValuePair<string, object?>("node", node),
                    a.IpTag));
            }
        }

        _announced = list;
    }

    public void Dispose() => _meter.Dispose();
}
