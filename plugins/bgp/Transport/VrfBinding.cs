using System.Net.Sockets;
using System.Text;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>
/// BGPPeer <c>vrf</c>: the session's socket bound to the Linux VRF device (<c>SO_BINDTODEVICE</c>), so the kernel
/// routes it, and picks its source address, from the VRF's table rather than the main one.
/// </summary>
internal static class VrfBinding
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    /// <summary>Binds before connect; on failure (no such device on this node) says so in a line naming the VRF.</summary>
    public static bool TryBind(Socket socket, string vrf, out string? problem)
    {
        problem = null;
        if (!OperatingSystem.IsLinux())
        {
            problem = $"VRF \"{vrf}\": binding a session to a VRF needs Linux";
            return false;
        }

        // The device name, NUL-terminated (at most IFNAMSIZ - 1 = 15 bytes).
        var name = Encoding.ASCII.GetBytes(vrf + "\0");
        try
        {
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, name);
            return true;
        }
        catch (SocketException e)
        {
            problem = $"VRF device \"{vrf}\" cannot be used on this node ({e.Message}); create it with `ip link add {vrf} type vrf table N` and enslave the peer's interface";
            return false;
        }
    }
}
