namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>A parsed BGPAdvertisement with the node set its selectors resolved to (for the LOCAL_PREF conflict rule).</summary>
internal sealed record BgpAdvertisementDraft(BgpAdvertisement Advertisement, IReadOnlySet<string> Nodes);
