using System.CommandLine;
using Ingot.Host.Hosting;

namespace Ingot.Host.Cli;

/// <summary>The options every verb shares: where plugins are, which ones run, and their settings.</summary>
internal sealed class CommonOptions
{
    public Option<string?> PluginsDir { get; } = new("--plugins-dir")
    {
        Description = "Directory holding one folder per plugin (default: plugins/ beside the executable, or $INGOT_PLUGINS_DIR)",
    };

    public Option<string?> Source { get; } = new("--source")
    {
        Description = "Source plugin (default: file-source with --config, else k8s-source)",
    };

    public Option<string?> Ipam { get; } = new("--ipam") { Description = "Allocator plugin (default: ipam)" };

    public Option<string?> Announcers { get; } = new("--announcers")
    {
        Description = "Comma-separated announcer plugins (default: l2,bgp)",
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "A plugin setting, plugin.key=value (repeatable)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> HostConfig { get; } = new("--host-config")
    {
        Description = "Host configuration file (JSON: source, ipam, announcers, plugins.<name>.<key>)",
    };

    public Option<string?> Node { get; } = new("--node")
    {
        Description = "This node's name (default: $NODE_NAME, else the host name)",
    };

    public Option<string?> LbClass { get; } = new("--lb-class")
    {
        Description = "Only handle Services with this spec.loadBalancerClass (ipam and k8s-source lbClass)",
    };

    /// <summary>Adds the options every verb that configures plugins takes, then <paramref name="extra"/>.</summary>
    public void AddTo(Command command, params Option[] extra)
    {
        command.Options.Add(PluginsDir);
        command.Options.Add(Set);
        command.Options.Add(HostConfig);
        command.Options.Add(Node);
        command.Options.Add(LbClass);
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }
    }

    public HostOptions Read(ParseResult parse, string? config = null, string? state = null) => new()
    {
        PluginsDirectory = parse.GetValue(PluginsDir),
        Source = parse.GetValue(Source),
        Ipam = parse.GetValue(Ipam),
        Announcers = parse.GetValue(Announcers)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Sets = parse.GetValue(Set) ?? [],
        HostConfigPath = parse.GetValue(HostConfig),
        NodeName = parse.GetValue(Node),
        LbClass = parse.GetValue(LbClass),
        Config = config,
        State = state,
    };
}
