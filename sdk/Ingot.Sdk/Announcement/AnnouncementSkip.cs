namespace Ingot.Sdk.Announcement;

/// <summary>Why a node does not announce a Service by a protocol (MetalLB's reasons: <c>notOwner</c>,
/// <c>noMatchingAdvertisement</c>, <c>sharedIPWithServiceSelector</c>, <c>noLocalEndpoints</c>, …).</summary>
/// <param name="Protocol">The protocol.</param>
/// <param name="Node">The node.</param>
/// <param name="Reason">The reason word.</param>
public sealed record AnnouncementSkip(string Protocol, string Node, string Reason);
