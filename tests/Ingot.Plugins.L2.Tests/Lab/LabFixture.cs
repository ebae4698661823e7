using Ingot.Tests.Lab;

namespace Ingot.Plugins.L2.Lab.Tests;

/// <summary>
/// One lab for the whole test class (see <see cref="LabSession"/>), with the layer-2 view: which node a MAC belongs to.
/// </summary>
public sealed class LabFixture : LabSession
{
    public string Mac(string node) => NodeEnv("MAC", node);

    public string? NodeOfMac(string? mac)
        => mac is null ? null : Nodes.FirstOrDefault(n => string.Equals(Mac(n), mac, StringComparison.OrdinalIgnoreCase));
}
