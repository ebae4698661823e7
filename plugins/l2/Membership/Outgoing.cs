using Ingot.Plugins.L2.Membership.Wire;

namespace Ingot.Plugins.L2.Membership;

/// <summary>A message the core wants sent to <paramref name="Destination"/> (a node name; the shell knows its address).</summary>
internal readonly record struct Outgoing(string Destination, MembershipMessage Message);
