using static Ingot.Plugins.L2.Tests.NetNs;

namespace Ingot.Plugins.L2.Interfaces.Tests;

/// <summary>
/// One network namespace of this test suite's own (prefix <c>ill-</c> and a GUID fragment, so parallel runs do not
/// collide), with <c>lo</c> up. Dispose deletes it, and every interface in it, also when the test failed. Nothing here
/// touches the machine's own interfaces.
/// </summary>
internal sealed class IllNamespace : IDisposable
{
    public IllNamespace()
    {
        Name = "ill-" + Guid.NewGuid().ToString("N")[..8];
        Run("ip", "netns", "add", Name);
        try
        {
            Ip("link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    public void Ip(params string[] args) => Run("ip", ["-n", Name, .. args]);

    /// <summary>Runs <paramref name="action"/> on a fresh thread moved into the namespace (<see cref="NetNs.In"/>).</summary>
    public T In<T>(Func<T> action) => NetNs.In(Name, action);

    public void Dispose() => RunQuiet("ip", "netns", "del", Name);
}
