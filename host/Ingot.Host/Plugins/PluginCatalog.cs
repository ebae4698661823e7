using System.Reflection;
using System.Runtime.Loader;
using Ingot.Sdk;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Ingot.Host.Plugins;

/// <summary>
/// Finds the plugins under a plugins directory: every sub-folder is one plugin in its own (non-collectible) load context.
/// A folder that cannot be a plugin is refused with one line and the scan goes on with the others.
/// </summary>
internal sealed partial class PluginCatalog
{
    private const string SdkAssemblyFile = "Ingot.Sdk.dll";

    /// <summary>
    /// The types whose assemblies are shared with every plugin: the SDK and the Microsoft.Extensions abstractions it
    /// exposes. Everything else a plugin uses stays private to its load context.
    /// </summary>
    private static readonly Type[] s_sharedTypes =
    [
        typeof(IPlugin),
        typeof(IServiceCollection),
        typeof(ILogger),
        typeof(IOptions<>),
        typeof(IHostedService),
        typeof(IConfiguration),
        typeof(StringValues),
    ];

    private PluginCatalog(string directory, IReadOnlyList<PluginInfo> plugins)
    {
        Directory = directory;
        Plugins = plugins;
    }

    /// <summary>The plugins directory that was scanned.</summary>
    public string Directory { get; }

    /// <summary>Every folder, loaded or refused, in ordinal folder order.</summary>
    public IReadOnlyList<PluginInfo> Plugins { get; }

    /// <summary>The loaded plugins.</summary>
    public IEnumerable<PluginInfo> Loaded => Plugins.Where(p => p.IsLoaded);

    /// <summary>The loaded plugin with a name, or null.</summary>
    public PluginInfo? Find(string name) => Plugins.FirstOrDefault(p => p.IsLoaded && p.Name == name);

    /// <summary>The default plugins directory: <c>plugins/</c> beside the executable.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Scans <paramref name="directory"/>. A missing directory gives an empty catalog.</summary>
    public static PluginCatalog Load(string directory, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var full = Path.GetFullPath(directory);
        var result = new List<PluginInfo>();
        if (!System.IO.Directory.Exists(full))
        {
            Log.NoPluginsDirectory(logger, full);
            return new PluginCatalog(full, result);
        }

        var folders = System.IO.Directory.GetDirectories(full).Order(StringComparer.Ordinal);
        var byName = new Dictionary<string, PluginInfo>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var info = LoadFolder(folder);
            if (info.IsLoaded && byName.TryGetValue(info.Name, out var first))
            {
                info = info with
                {
                    Status = PluginStatus.Refused,
                    Reason = $"plugin name '{info.Name}' is already taken by folder '{first.Folder}'",
                    EntryType = null,
                };
            }

            if (info.IsLoaded)
            {
                byName.Add(info.Name, info);
                Log.PluginLoaded(logger, info.Name, info.Kind!.Value, info.Version ?? "?", info.Folder, info.LoadContextName ?? "?");
            }
            else
            {
                Log.PluginRefused(logger, info.RefusalLine);
            }

            result.Add(info);
        }

        return new PluginCatalog(full, result);
    }

    private static PluginInfo LoadFolder(string folder)
    {
        var folderName = Path.GetFileName(folder);

        // Checked before anything loads: a bundled SDK would give the plugin its own copy of IPlugin and every SDK type
        // (McMaster falls back to the plugin folder when the shared copy does not bind), so the host would see no plugin.
        if (File.Exists(Path.Combine(folder, SdkAssemblyFile)))
        {
            return Refuse(folderName, folder,
                $"it carries its own {SdkAssemblyFile}; the SDK is shared from the host (reference Ingot.Sdk with ExcludeAssets=runtime)");
        }

        var depsFiles = System.IO.Directory.GetFiles(folder, "*.deps.json").Order(StringComparer.Ordinal).ToArray();
        if (depsFiles.Length == 0)
        {
            return Refuse(folderName, folder, "no plugin: the folder has no *.deps.json");
        }

        if (depsFiles.Length > 1)
        {
            return Refuse(folderName, folder,
                $"no plugin: the folder has more than one *.deps.json ({string.Join(", ", depsFiles.Select(Path.GetFileName))})");
        }

        var depsName = Path.GetFileName(depsFiles[0]);
        var assemblyName = depsName[..^".deps.json".Length];
        var assemblyPath = Path.Combine(folder, assemblyName + ".dll");
        if (!File.Exists(assemblyPath))
        {
            return Refuse(folderName, folder, $"no plugin: {assemblyName}.dll named by {depsName} is missing");
        }

        Assembly assembly;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, s_sharedTypes, config =>
            {
                // A daemon holds threads, sockets and capture handles: no unloading, no hot reload, and the plugin's own
                // dependencies win over the host's (PreferSharedTypes stays off).
                config.IsUnloadable = false;
                config.PreferSharedTypes = false;
            });
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return Refuse(folderName, folder, $"cannot load {assemblyName}.dll: {ex.Message}");
        }

        // A plugin compiled against a newer SDK major references a newer Ingot.Sdk assembly version, which this host
        // cannot bind; say so before reading attributes (that would throw).
        var sdkReference = assembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == "Ingot.Sdk");
        if (sdkReference?.Version is { } referenced && referenced.Major > SdkInfo.Parsed.Major)
        {
            return Refuse(folderName, folder,
                $"it is built against Ingot.Sdk {referenced}, this host has SDK {SdkInfo.Version}");
        }

        IngotPluginAttribute? attribute;
        try
        {
            attribute = assembly.GetCustomAttribute<IngotPluginAttribute>();
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or TypeLoadException or CustomAttributeFormatException)
        {
            return Refuse(folderName, folder, $"cannot read the IngotPlugin attribute of {assemblyName}.dll: {ex.Message}");
        }

        if (attribute is null)
        {
            return Refuse(folderName, folder, $"no plugin: {assemblyName}.dll has no [assembly: IngotPlugin] attribute");
        }

        var name = attribute.Name;
        PluginInfo Declared(string reason) => Refuse(folderName, folder, reason, name) with
        {
            Kind = attribute.Kind,
            Version = VersionOf(assembly),
            Description = attribute.Description,
        };

        if (!System.Version.TryParse(attribute.MinSdkVersion, out var needed))
        {
            return Declared($"plugin '{name}' declares MinSdkVersion '{attribute.MinSdkVersion}', which is not a version");
        }

        if (Normalize(needed) > SdkInfo.Parsed)
        {
            return Declared($"plugin '{name}' needs SDK {attribute.MinSdkVersion}, this host has SDK {SdkInfo.Version}");
        }

        var entry = attribute.EntryPoint;
        if (!typeof(IPlugin).IsAssignableFrom(entry))
        {
            return Declared($"plugin '{name}' entry type {entry.FullName} does not implement {typeof(IPlugin).FullName}");
        }

        if (entry.IsAbstract || entry.GetConstructor(Type.EmptyTypes) is null)
        {
            return Declared($"plugin '{name}' entry type {entry.FullName} has no public parameterless constructor");
        }

        return new PluginInfo
        {
            Name = name,
            Folder = folderName,
            Directory = folder,
            Status = PluginStatus.Loaded,
            Kind = attribute.Kind,
            Version = VersionOf(assembly),
            Description = attribute.Description,
            EntryType = entry,
            LoadContextName = AssemblyLoadContext.GetLoadContext(assembly)?.Name,
        };
    }

    /// <summary>Creates the plugin's entry point. Call only for plugins that take part in this run.</summary>
    public static IPlugin Activate(PluginInfo plugin)
    {
        if (plugin.EntryType is null)
        {
            throw new InvalidOperationException($"plugin '{plugin.Name}' was refused: {plugin.Reason}");
        }

        return (IPlugin)Activator.CreateInstance(plugin.EntryType)!;
    }

    private static System.Version Normalize(System.Version v)
        => new(v.Major, v.Minor, Math.Max(v.Build, 0));

    private static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null)
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }

        return assembly.GetName().Version?.ToString() ?? "?";
    }

    private static PluginInfo Refuse(string folder, string directory, string reason, string? name = null) => new()
    {
        Name = name ?? folder,
        Folder = folder,
        Directory = directory,
        Status = PluginStatus.Refused,
        Reason = reason,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Plugins directory {Directory} does not exist; no plugins loaded")]
        public static partial void NoPluginsDirectory(ILogger logger, string directory);

        [LoggerMessage(2, LogLevel.Information, "Loaded plugin {Name} ({Kind} {Version}) from folder {Folder} into load context {LoadContext}")]
        public static partial void PluginLoaded(ILogger logger, string name, PluginKind kind, string version, string folder, string loadContext);

        [LoggerMessage(3, LogLevel.Warning, "{Line}")]
        public static partial void PluginRefused(ILogger logger, string line);
    }
}
