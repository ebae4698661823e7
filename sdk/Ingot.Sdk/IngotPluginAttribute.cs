namespace Ingot.Sdk;

/// <summary>
/// Declares that an assembly is an Ingot plugin. The host reads this attribute before it activates anything, and refuses
/// the plugin when <see cref="MinSdkVersion"/> is newer than the host's <see cref="SdkInfo.Version"/>.
/// </summary>
/// <example><code>[assembly: IngotPlugin(typeof(L2Plugin), "l2", PluginKind.Announcer, "1.0")]</code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class IngotPluginAttribute : Attribute
{
    /// <summary>Declares the plugin.</summary>
    /// <param name="entryPoint">A public type implementing <see cref="IPlugin"/> with a parameterless constructor.</param>
    /// <param name="name">The plugin's name, unique in a host; configuration refers to plugins by it.</param>
    /// <param name="kind">The plugin's role in the pipeline.</param>
    /// <param name="minSdkVersion">The oldest SDK version (<c>major.minor[.patch]</c>) the plugin works with.</param>
    public IngotPluginAttribute(Type entryPoint, string name, PluginKind kind, string minSdkVersion)
    {
        EntryPoint = entryPoint;
        Name = name;
        Kind = kind;
        MinSdkVersion = minSdkVersion;
    }

    /// <summary>The type the host instantiates.</summary>
    public Type EntryPoint { get; }

    /// <summary>The plugin's unique name.</summary>
    public string Name { get; }

    /// <summary>The plugin's role.</summary>
    public PluginKind Kind { get; }

    /// <summary>The oldest SDK version the plugin works with.</summary>
    public string MinSdkVersion { get; }

    /// <summary>A one-line statement of what the plugin can do, shown by <c>ingot plugins</c>.</summary>
    public string? Description { get; set; }
}
