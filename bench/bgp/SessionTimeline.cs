using System.Net;

namespace Ingot.Bench.Bgp;

/// <summary>
/// One sender's session as the capture on the receiver's interface saw it: from Established (the sender's first KEEPALIVE
/// on the connection that carried its UPDATEs: the receiver's OpenConfirm → Established, RFC 4271 §8.2.2) to the
/// receiver's last UPDATE to the sink (it re-advertises a route once its RIB holds it).
/// </summary>
/// <param name="EstablishedToAllMs">The benchmark's figure: Established → the receiver holds and passes on all N.</param>
/// <param name="FirstUpdateMs">Established → the sender's first UPDATE on the wire.</param>
/// <param name="SendMs">The sender's first → last UPDATE with prefixes on the wire.</param>
/// <param name="PrefixesPerUpdate">N over the sender's UPDATEs that carried prefixes (End-of-RIB markers left out).</param>
internal readonly record struct SessionTimeline(double EstablishedToAllMs, double FirstUpdateMs, double SendMs, double PrefixesPerUpdate)
{
    // An End-of-RIB is 23 octets (IPv4) or 30 (MP_UNREACH_NLRI); an UPDATE with one /32 and its attributes is longer.
    private const int EndOfRibMaxLength = 30;

    /// <summary>
    /// Reads <paramref name="sender"/>'s session from the messages captured between <paramref name="start"/> and
    /// <paramref name="done"/>, the moment the receiver held every prefix (Unix ms).
    /// </summary>
    public static SessionTimeline Of(IReadOnlyList<WireMessage> wire, IPAddress sender, double start, double done, int prefixes)
    {
        var phase = wire.Where(m => m.UnixMs >= start && m.UnixMs <= done).ToList();
        var updates = phase.Where(m => m.Source.Equals(sender) && m.Type == 2 && m.Length > EndOfRibMaxLength).ToList();
        if (updates.Count == 0)
        {
            throw new InvalidOperationException($"the capture holds no UPDATE from {sender} before the receiver held every prefix");
        }

        var port = updates[0].SourcePort;
        var established = phase.First(m => m.Source.Equals(sender) && m.SourcePort == port && m.Type == 4).UnixMs;
        return new SessionTimeline(
            done - established,
            updates[0].UnixMs - established,
            updates[^1].UnixMs - updates[0].UnixMs,
            prefixes / (double)updates.Count);
    }
}
