namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>
/// BGPPeer <c>dynamicASN</c>: the peer's AS is not configured but learned from its OPEN, which must fit the kind
/// (FRR's <c>remote-as internal</c> / <c>remote-as external</c>).
/// </summary>
internal enum DynamicAsn
{
    /// <summary>The peer must speak our AS: an iBGP session.</summary>
    Internal,

    /// <summary>The peer must speak any AS but ours: an eBGP session.</summary>
    External,
}
