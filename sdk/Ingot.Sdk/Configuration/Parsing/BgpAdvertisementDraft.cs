using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>A parsed BGPAdvertisement with its resource and the node set its selectors resolved to (for the LOCAL_PREF
/// conflict rule, which compares node sets).</summary>
internal sealed record BgpAdvertisementDraft(BgpAdvertisementResource Resource, BgpAdvertisement Advertisement, IReadOnlySet<string> Nodes);
