using System.Net;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Bfd;

internal sealed partial class BfdEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Debug, "BFD datagram from {Source} to port {Port} (TTL {Ttl}) dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, IPAddress? source, int port, int ttl, string reason);
    }
}
