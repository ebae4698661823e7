using System.Net;
using static Ingot.Plugins.L2.Tests.NetNs;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>
/// Three network namespaces on one bridge (itself in a fourth namespace), with documentation addresses
/// 192.0.2.1-3/24 and 2001:db8::1-3/64. Names carry a GUID fragment so parallel runs do not collide; Dispose deletes
/// every namespace, which takes the veths and the bridge with it. Nothing touches the machine's own interfaces.
/// </summary>
public sealed class MembershipLan : IDisposable
{
    public static readonly string[] Nodes = ["a", "b", "c"];

    private readonly List<string> _namespaces = [];

    public MembershipLan()
    {
        Prefix = "imb" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var bridge = Prefix + "-br";
            Add(bridge);
            Ip(bridge, "link", "add", "br0", "type", "bridge");
            Ip(bridge, "link", "set", "br0", "up");
            for (var i = 0; i < Nodes.Length; i++)
            {
                var ns = Namespace(Nodes[i]);
                Add(ns);
                var outside = $"{Prefix}{i}";
                Run("ip", "link", "add", outside, "netns", bridge, "type", "veth", "peer", "name", "eth0", "netns", ns);
                Ip(bridge, "link", "set", outside, "master", "br0");
                Ip(bridge, "link", "set", outside, "up");
                Ip(ns, "link", "set", "lo", "up");
                Ip(ns, "addr", "add", $"{V4(Nodes[i])}/24", "dev", "eth0");
                Ip(ns, "addr", "add", $"{V6(Nodes[i])}/64", "dev", "eth0", "nodad");
                Ip(ns, "link", "set", "eth0", "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Prefix { get; }

    public string Namespace(string node) => $"{Prefix}-{node}";

    public static IPAddress V4(string node) => IPAddress.Parse($"192.0.2.{Array.IndexOf(Nodes, node) + 1}");

    public static IPAddress V6(string node) => IPAddress.Parse($"2001:db8::{Array.IndexOf(Nodes, node) + 1}");

    /// <summary>Runs <paramref name="action"/> on a fresh thread moved into <paramref name="node"/>'s namespace: sockets
    /// it creates belong to that namespace for their whole life, whichever thread uses them later.</summary>
    public T In<T>(string node, Func<T> action) => NetNs.In(Namespace(node), action);

    public void Exec(string node, params string[] args) => Run("ip", ["netns", "exec", Namespace(node), .. args]);

    public void Dispose()
    {
        foreach (var ns in _namespaces)
        {
            RunQuiet("ip", "netns", "del", ns);
        }

        _namespaces.Clear();
    }

    private void Add(string ns)
    {
        Run("ip", "netns", "add", ns);
        _namespaces.Add(ns);
    }

    private static void Ip(string ns, params string[] args) => Run("ip", ["-n", ns, .. args]);
}
