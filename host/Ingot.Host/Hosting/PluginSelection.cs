using Ingot.Host.Cli;
using Ingot.Host.Plugins;
using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Host.Hosting;

/// <summary>
/// Which plugins take part in a run and what settings each gets. Precedence, lowest first: the host configuration file,
/// the mapped command-line options (<c>--config</c>, <c>--state</c>, <c>--lb-class</c>), then <c>--set</c>.
/// </summary>
internal sealed class PluginSelection
{
    public const string FileSource = "file-source";
    public const string K8sSource = "k8s-source";
    public const string DefaultIpam = "ipam";
    public static readonly IReadOnlyList<string> DefaultAnnouncers = ["l2", "bgp"];

    private readonly Dictionary<string, Dictionary<string, string>> _settings;

    private PluginSelection(string? source, string? ipam, IReadOnlyList<string> announcers, string nodeName,
        Dictionary<string, Dictionary<string, string>> settings)
    {
        Source = source;
        Ipam = ipam;
        Announcers = announcers;
        NodeName = nodeName;
        _settings = settings;
    }

    /// <summary>The source plugin's name; null when the verb needs none.</summary>
    public string? Source { get; }

    /// <summary>The allocator plugin's name; null when the verb needs none.</summary>
    public string? Ipam { get; }

    public IReadOnlyList<string> Announcers { get; }

    public string NodeName { get; }

    /// <summary>Every active plugin name, source first.</summary>
    public IEnumerable<string> ActivePlugins
    {
        get
        {
            var names = new List<string>();
            if (Source is not null)
            {
                names.Add(Source);
            }

            if (Ipam is not null)
            {
                names.Add(Ipam);
            }

            names.AddRange(Announcers);
            return names.Distinct(StringComparer.Ordinal);
        }
    }

    /// <summary>The settings for one plugin.</summary>
    public IReadOnlyDictionary<string, string> SettingsFor(string plugin)
        => _settings.TryGetValue(plugin, out var s) ? s : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Resolves the selection for the daemon (source, ipam and announcers).</summary>
    public static PluginSelection ForRun(HostOptions options)
    {
        var file = options.HostConfigPath is null ? HostConfigFile.Empty : HostConfigFile.Read(options.HostConfigPath);
        var source = options.Source ?? file.Source ?? (options.Config is not null ? FileSource : K8sSource);
        var ipam = options.Ipam ?? file.Ipam ?? DefaultIpam;
        var announcers = options.Announcers ?? file.Announcers ?? DefaultAnnouncers;
        return Create(options, file, source, ipam, announcers);
    }

    /// <summary>Resolves the selection for the offline verbs: the file source's manifest reader, plus ipam and announcers
    /// when <paramref name="withPipeline"/>.</summary>
    public static PluginSelection ForManifests(HostOptions options, bool withPipeline)
    {
        var file = options.HostConfigPath is null ? HostConfigFile.Empty : HostConfigFile.Read(options.HostConfigPath);
        if (!withPipeline)
        {
            return Create(options, file, FileSource, null, []);
        }

        var ipam = options.Ipam ?? file.Ipam ?? DefaultIpam;
        var announcers = options.Announcers ?? file.Announcers ?? DefaultAnnouncers;
        return Create(options, file, FileSource, ipam, announcers);
    }

    private static PluginSelection Create(HostOptions options, HostConfigFile file, string? source, string? ipam, IReadOnlyList<string> announcers)
    {
        var settings = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        void Put(string plugin, string key, string value)
        {
            if (!settings.TryGetValue(plugin, out var s))
            {
                settings[plugin] = s = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            s[key] = value;
        }

        foreach (var (plugin, values) in file.Plugins ?? new Dictionary<string, Dictionary<string, string>>())
        {
            foreach (var (key, value) in values)
            {
                Put(plugin, key, value);
            }
        }

        if (options.Config is not null)
        {
            Put(FileSource, "config", options.Config);
        }

        if (options.State is not null)
        {
            Put(FileSource, "state", options.State);
        }

        if (options.LbClass is not null)
        {
            Put(DefaultIpam, "lbClass", options.LbClass);
            Put(K8sSource, "lbClass", options.LbClass);
        }

        foreach (var set in options.Sets)
        {
            var eq = set.IndexOf('=', StringComparison.Ordinal);
            var dot = eq < 0 ? -1 : set.IndexOf('.', 0, eq);
            if (eq < 0 || dot <= 0 || dot == eq - 1)
            {
                throw new CliException(ExitCodes.Usage, $"--set '{set}': expected plugin.key=value");
            }

            Put(set[..dot], set[(dot + 1)..eq], set[(eq + 1)..]);
        }

        var cleaned = announcers.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return new PluginSelection(source, ipam, cleaned, options.ResolveNodeName(), settings);
    }

    /// <summary>
    /// Checks that every active plugin is loaded and of the right kind, then calls each one's ConfigureServices (and no
    /// other plugin's). A missing or refused plugin is a runtime failure (exit 3) naming it.
    /// </summary>
    public IReadOnlyList<PluginInfo> Configure(PluginCatalog catalog, IServiceCollection services)
    {
        var active = new List<PluginInfo>();
        void Need(string name, PluginKind kind, string role)
        {
            var plugin = catalog.Find(name);
            if (plugin is null)
            {
                var refused = catalog.Plugins.FirstOrDefault(p => p.Name == name);
                throw new CliException(ExitCodes.RuntimeFailure, refused is null
                    ? $"{role} plugin '{name}' not found in {catalog.Directory}"
                    : $"{role} plugin '{name}' is not available: {refused.Reason}");
            }

            if (plugin.Kind != kind)
            {
                throw new CliException(ExitCodes.RuntimeFailure, $"plugin '{name}' is a {plugin.Kind} plugin, not a {role}");
            }

            active.Add(plugin);
        }

        if (Source is not null)
        {
            Need(Source, PluginKind.Source, "source");
        }

        if (Ipam is not null)
        {
            Need(Ipam, PluginKind.Allocator, "allocator");
        }

        foreach (var announcer in Announcers)
        {
            Need(announcer, PluginKind.Announcer, "announcer");
        }

        foreach (var plugin in active)
        {
            var context = new PluginContext
            {
                PluginName = plugin.Name,
                PluginDirectory = plugin.Directory,
                NodeName = NodeName,
                Settings = SettingsFor(plugin.Name),
            };
            try
            {
                PluginCatalog.Activate(plugin).ConfigureServices(services, context);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                // A plugin rejects its settings by throwing while it configures: that is the user's input.
                var message = ex is ArgumentException { ParamName: { } param } argument
                    ? argument.Message.Replace($" (Parameter '{param}')", string.Empty, StringComparison.Ordinal)
                    : ex.Message;
                throw new CliException(ExitCodes.InvalidInput, $"plugin '{plugin.Name}': {message}");
            }
            catch (Exception ex) when (ex is not CliException)
            {
                throw new CliException(ExitCodes.RuntimeFailure, $"plugin '{plugin.Name}' failed to configure: {ex.Message}");
            }
        }

        return active;
    }
}
