using System.Net;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Bfd;

internal sealed partial class BfdSession
{
    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Information, "BFD session to {Peer} ({Hop}) went from {Previous} to {State}, diagnostic {Diagnostic}")]
        public static partial void StateChanged(ILogger logger, IPAddress peer, string hop, BfdState previous, BfdState state, BfdDiagnostic diagnostic);

        [LoggerMessage(102, LogLevel.Debug, "BFD control packet to {Peer} not sent: {Reason}")]
        public static partial void SendFailed(ILogger logger, IPAddress peer, string reason);

        [LoggerMessage(103, LogLevel.Warning, "BFD state-change callback for {Peer} threw")]
        public static partial void CallbackFailed(ILogger logger, IPAddress peer, Exception exception);

        [LoggerMessage(104, LogLevel.Warning, "BFD session to {Peer}: unexpected error in the session loop")]
        public static partial void LoopError(ILogger logger, IPAddress peer, Exception exception);

        [LoggerMessage(105, LogLevel.Information, "BFD session to {Peer} reconfigured: transmit {TransmitMs} ms, receive {ReceiveMs} ms, multiplier {Multiplier}, passive {Passive}")]
        public static partial void Reconfigured(ILogger logger, IPAddress peer, double transmitMs, double receiveMs, byte multiplier, bool passive);
    }
}
