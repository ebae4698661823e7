using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>One open watch: which objects it wants and the lines still to be written to it.</summary>
public sealed class WatchSubscription
{
    internal WatchSubscription(ResourceType type, string version, string? ns, string? labelSelector, string? fieldSelector, bool bookmarks)
    {
        Type = type;
        Version = version;
        Namespace = ns;
        LabelSelector = labelSelector;
        FieldSelector = fieldSelector;
        AllowBookmarks = bookmarks;
    }

    /// <summary>The watched resource.</summary>
    public ResourceType Type { get; }

    /// <summary>The version objects are written as.</summary>
    public string Version { get; }

    /// <summary>The namespace, or null for all.</summary>
    public string? Namespace { get; }

    /// <summary>The label selector.</summary>
    public string? LabelSelector { get; }

    /// <summary>The field selector.</summary>
    public string? FieldSelector { get; }

    /// <summary>True when the client asked for BOOKMARK events.</summary>
    public bool AllowBookmarks { get; }

    /// <summary>Event lines, newline-terminated JSON; completed when the watch ends.</summary>
    public Channel<JsonObject> Events { get; } = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });

    internal bool Wants(ResourceType type, JsonObject obj)
        => type.StorageKey == Type.StorageKey
           && (Namespace is null || (string?)obj["metadata"]?["namespace"] == Namespace)
           && LabelSelectorFilter.Matches(obj, LabelSelector, FieldSelector);
}
