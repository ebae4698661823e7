namespace Ingot.Host.Plugins;

/// <summary>Whether the catalog accepted a plugin folder.</summary>
internal enum PluginStatus
{
    /// <summary>Loaded and ready to configure.</summary>
    Loaded,

    /// <summary>Refused; <see cref="PluginInfo.Reason"/> says why.</summary>
    Refused,
}
