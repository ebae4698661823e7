using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration;

/// <summary>
/// Turns MetalLB resources into a validated <see cref="MetalLbConfiguration"/> with MetalLB's rules (<c>config.For</c>):
/// every field, default and error message. The one validator every source and <c>ingot validate</c> use.
/// </summary>
public static class MetalLbConfigurationParser
{
    /// <summary>Validates and converts the resources.</summary>
    /// <param name="resources">The resources and the Nodes, Namespaces and Secrets they refer to.</param>
    /// <returns>The configuration when valid, and every diagnostic found either way.</returns>
    public static ConfigurationParseResult Parse(ConfigurationResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        throw new NotImplementedException("parser lands with the validator work");
    }
}
