using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Bfd;

internal sealed partial class BfdListener
{
    private static partial class Log
    {
        [LoggerMessage(120, LogLevel.Warning, "BFD receive on port {Port} failed: {Reason}")]
        public static partial void ReceiveFailed(ILogger logger, int port, string reason);
    }
}
