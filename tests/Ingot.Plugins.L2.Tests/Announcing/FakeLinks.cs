using Ingot.Plugins.L2.Interfaces;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>Interfaces the test sets, in place of /sys/class/net.</summary>
internal sealed class FakeLinks : ILinkScanner
{
    public IReadOnlyList<LinkInfo> Current { get; set; } = [];

    public IReadOnlyList<LinkInfo> Scan() => Current;
}
