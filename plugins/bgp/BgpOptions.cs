namespace Ingot.Plugins.Bgp;

/// <summary>Settings of the bgp plugin (<c>PluginContext.Settings</c>).</summary>
internal sealed record BgpOptions
{
    /// <summary>This node's name (MetalLB's router-id fallback and peer node selectors).</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>
    /// Setting <c>listenPort</c>: TCP port for connections peers open to us (default 179; 0 = active connections only).
    /// </summary>
    public int ListenPort { get; init; } = 179;

    /// <summary>Setting <c>listenAddress</c>: address to listen on (default <c>::</c>, both families).</summary>
    public string ListenAddress { get; init; } = "::";

    /// <summary>Where sockets live (tests substitute a network namespace).</summary>
    public Transport.INetworkScope Network { get; init; } = Transport.ProcessNetworkScope.Instance;

    /// <summary>Message sent with Cease / Administrative Shutdown on shutdown (RFC 8203).</summary>
    public string ShutdownMessage { get; init; } = "ingot shutting down";

    public static BgpOptions FromSettings(IReadOnlyDictionary<string, string> settings, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new BgpOptions { NodeName = nodeName };
        foreach (var (key, value) in settings)
        {
            options = key switch
            {
                "listenPort" => options with
                {
                    ListenPort = int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535
                        ? port
                        : throw new ArgumentException($"bgp plugin setting listenPort: \"{value}\" is not a port number (0-65535)"),
                },
                "listenAddress" => options with
                {
                    ListenAddress = System.Net.IPAddress.TryParse(value, out _)
                        ? value
                        : throw new ArgumentException($"bgp plugin setting listenAddress: \"{value}\" is not an IP address"),
                },
                "shutdownMessage" => options with { ShutdownMessage = value },
                _ => throw new ArgumentException($"bgp plugin: unknown setting \"{key}\" (known: listenPort, listenAddress, shutdownMessage)"),
            };
        }

        return options;
    }
}
