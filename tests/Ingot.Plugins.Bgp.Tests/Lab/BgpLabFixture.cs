using Ingot.Tests.Lab;

namespace Ingot.Plugins.Bgp.Lab.Tests;

/// <summary>
/// One lab for the whole test class (see <see cref="LabSession"/>), with the BGP view: the nodes' addresses and the
/// BIRD 2 router's control socket.
/// </summary>
public sealed class BgpLabFixture : LabSession
{
    public string NodeIPv4(string node) => NodeEnv("IP4", node);

    public (int Code, string Output, string Error) Birdc(params string[] args)
        => InNamespace("router", "birdc", ["-s", Env["LAB_BIRD_SOCKET"], .. args]);
}
