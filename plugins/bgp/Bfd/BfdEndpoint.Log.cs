using System.Net;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Bfd;

internal sealed partial class BfdEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Debug, "BFD datagram from {Source} to port {Port} (TTL {Ttl}) dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, IPAddress? source, int port, int ttl, string reason);

        [LoggerMessage(111, LogLevel.Warning, "BFD packets from {Peer} ({Hop}) arrive with TTL {Ttl}, below the {Minimum} the session requires, and are dropped: BFD cannot come up. To fix, {Advice}")]
        public static partial void TtlKeepsSessionDown(ILogger logger, IPAddress peer, string hop, int ttl, byte minimum, string advice);
    }
}
