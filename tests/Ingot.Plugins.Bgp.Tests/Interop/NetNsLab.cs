using System.Runtime.InteropServices;
using Ingot.Plugins.Bgp.Transport;
using Microsoft.Win32.SafeHandles;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// Two network namespaces made for one test, joined by a veth pair with documentation addresses: "speaker" side
/// 192.0.2.1/24 + 2001:db8::1/64 (our BGP speaker's sockets are created there via setns), "router" side 192.0.2.2/24 +
/// 2001:db8::2/64 (the real routing daemon runs there under <c>ip netns exec</c>). Removed on dispose.
/// </summary>
internal sealed partial class NetNsLab : INetworkScope, IAsyncDisposable
{
    public const string SpeakerV4 = "192.0.2.1";
    public const string RouterV4 = "192.0.2.2";
    public const string SpeakerV6 = "2001:db8::1";
    public const string RouterV6 = "2001:db8::2";
    private const int CloneNewNet = 0x40000000;
    private static readonly Lock s_setnsLock = new();

    private NetNsLab(string prefix)
    {
        Speaker = prefix + "s";
        Router = prefix + "r";
    }

    public string Speaker { get; }

    public string Router { get; }

    /// <summary>The speaker's end of the veth pair.</summary>
    public string SpeakerLink => "v" + Speaker[^10..];

    /// <summary>Namespaces named <paramref name="prefix"/>, a random part, then <c>s</c> / <c>r</c>.</summary>
    public static async Task<NetNsLab> CreateAsync(string prefix = "ingot-bgp-")
    {
        var lab = new NetNsLab($"{prefix}{Guid.NewGuid().ToString("N")[..8]}-");
        try
        {
            await Ip("netns", "add", lab.Speaker);
            await Ip("netns", "add", lab.Router);
            var vs = "v" + lab.Speaker[^10..];
            var vr = "v" + lab.Router[^10..];
            await Ip("-n", lab.Speaker, "link", "add", vs, "type", "veth", "peer", "name", vr, "netns", lab.Router);
            foreach (var (ns, dev, v4, v6) in new[] { (lab.Speaker, vs, SpeakerV4, SpeakerV6), (lab.Router, vr, RouterV4, RouterV6) })
            {
                await Ip("-n", ns, "link", "set", "lo", "up");
                await Ip("-n", ns, "addr", "add", v4 + "/24", "dev", dev);
                await Ip("-n", ns, "addr", "add", v6 + "/64", "dev", dev, "nodad");
                await Ip("-n", ns, "link", "set", dev, "up");
            }
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>Runs the action on this thread inside the speaker namespace, then returns to the process's namespace.</summary>
    public T Run<T>(Func<T> action) => RunIn(Speaker, action);

    /// <summary>Runs the action inside the router namespace: for a peer the test writes itself rather than a daemon.</summary>
    public T RunInRouter<T>(Func<T> action) => RunIn(Router, action);

    private static T RunIn<T>(string ns, Func<T> action)
    {
        lock (s_setnsLock)
        {
            using var target = File.OpenHandle($"/var/run/netns/{ns}");
            using var home = File.OpenHandle("/proc/self/ns/net");
            Enter(target);
            try
            {
                return action();
            }
            finally
            {
                Enter(home);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in new[] { Router, Speaker })
        {
            // Processes started in the namespace by this lab are killed by their owners first; delete the namespace.
            await ExternalProcess.RunAsync("ip", "netns", "del", ns);
        }
    }

    private static async Task Ip(params string[] args)
    {
        var (exit, output) = await ExternalProcess.RunAsync("ip", args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {output}");
        }
    }

    private static void Enter(SafeFileHandle handle)
    {
        if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int SetNs(int fd, int nstype);
}
