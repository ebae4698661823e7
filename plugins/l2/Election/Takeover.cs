using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.L2.Election;

/// <summary>One announcement this node makes for <paramref name="Service"/> when the current owner goes.</summary>
internal sealed record Takeover(ServiceKey Service, Announcement Announcement);
