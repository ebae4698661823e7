namespace Ingot.Plugins.Ipam;

/// <summary>Settings of the ipam plugin.</summary>
public sealed class IpamOptions
{
    /// <summary>The setting key for <see cref="LoadBalancerClass"/>.</summary>
    public const string LoadBalancerClassSetting = "lbClass";

    /// <summary>
    /// MetalLB's <c>--lb-class</c>: only Services with exactly this <c>spec.loadBalancerClass</c> are served; when null or
    /// empty, only Services without a class.
    /// </summary>
    public string? LoadBalancerClass { get; set; }
}
