namespace Ingot.Sdk;

/// <summary>The role a plugin plays in the pipeline: source ⇒ allocator ⇒ status ⇒ announcers.</summary>
public enum PluginKind
{
    /// <summary>Produces <see cref="Cluster.ClusterState"/> snapshots and writes allocation status back.</summary>
    Source,

    /// <summary>Decides which Service gets which address.</summary>
    Allocator,

    /// <summary>Makes assigned addresses reachable (ARP/NDP, BGP, …).</summary>
    Announcer,
}
