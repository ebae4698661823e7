namespace Ingot.Plugins.L2.Interfaces;

/// <summary>Lists this network namespace's interfaces.</summary>
internal interface ILinkScanner
{
    IReadOnlyList<LinkInfo> Scan();
}
