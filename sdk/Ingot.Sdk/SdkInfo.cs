namespace Ingot.Sdk;

/// <summary>Facts about this SDK build.</summary>
public static class SdkInfo
{
    /// <summary>
    /// The SDK's semantic version. Plugins declare the oldest version they need; a host refuses plugins that need a newer one.
    /// Within a major version the SDK only adds.
    /// </summary>
    public const string Version = "1.0.0";

    /// <summary>Parses <see cref="Version"/> once.</summary>
    public static Version Parsed { get; } = System.Version.Parse(Version);
}
