namespace Ingot.Plugins.Ipam.Planning;

/// <summary>A (protocol, port) pair a Service holds on its address; TCP/80 and UDP/80 are different pairs.</summary>
internal readonly record struct PortKey(string Protocol, int Port)
{
    public override string ToString() => $"{Protocol}/{Port}";
}
