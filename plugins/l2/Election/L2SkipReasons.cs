namespace Ingot.Plugins.L2.Election;

/// <summary>MetalLB's layer 2 reason words (<c>speaker/layer2_controller.go</c>), as they appear in reconcile output.</summary>
internal static class L2SkipReasons
{
    /// <summary>Another node won the election, or no node is a candidate.</summary>
    public const string NotOwner = "notOwner";

    /// <summary>No L2Advertisement of the Service's pool selects this node.</summary>
    public const string NoMatchingAdvertisement = "noMatchingAdvertisement";

    /// <summary>The Service shares its IP (allow-shared-ip) but an advertisement of its pool has service selectors.</summary>
    public const string SharedIPWithServiceSelector = "sharedIPWithServiceSelector";

    /// <summary>The Service's addresses are not all inside one configured pool (MetalLB <c>ipNotAllowed</c>).</summary>
    public const string IPNotAllowed = "ipNotAllowed";

    /// <summary>Ingot: membership is active and this node's speaker is not alive (dead, left or never heard), so it is not a
    /// candidate whatever its Node object says (docs/failover.md).</summary>
    public const string SpeakerNotAlive = "speakerNotAlive";

    /// <summary>Ingot: every interface this node announces on is down (netlink, reported in its heartbeats), so it is not a
    /// candidate although its speaker is alive.</summary>
    public const string LinkDown = "linkDown";
}
