using System.Net;
using Ingot.Plugins.Bgp.Bfd;
using Ingot.Plugins.Bgp.Codec;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Transport;

internal sealed partial class BgpSession
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "BGP session to {Peer} ({Address} port {Port}, AS {PeerAsn}) established, hold time {HoldSeconds} s")]
        public static partial void Established(ILogger logger, string peer, IPAddress address, int port, uint peerAsn, double holdSeconds);

        [LoggerMessage(2, LogLevel.Warning, "BGP session to {Peer} went down: {Reason}")]
        public static partial void SessionDown(ILogger logger, string peer, string reason);

        [LoggerMessage(3, LogLevel.Debug, "BGP connect to {Peer} ({Address} port {Port}) failed: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string peer, IPAddress address, int port, string reason);

        [LoggerMessage(4, LogLevel.Warning, "BGP peer {Peer} sent a malformed message, answering NOTIFICATION {Code}/{Subcode}: {Reason}")]
        public static partial void ProtocolError(ILogger logger, string peer, BgpErrorCode code, byte subcode, string reason);

        [LoggerMessage(5, LogLevel.Warning, "BGP peer {Peer} sent NOTIFICATION {Notification}")]
        public static partial void NotificationReceived(ILogger logger, string peer, string notification);

        [LoggerMessage(6, LogLevel.Information, "BGP NOTIFICATION {Code}/{Subcode} sent to {Peer}: {Reason}")]
        public static partial void NotificationSent(ILogger logger, string peer, BgpErrorCode code, byte subcode, string reason);

        [LoggerMessage(7, LogLevel.Debug, "BGP connection to {Peer} failed: {Reason}")]
        public static partial void ConnectionError(ILogger logger, string peer, string reason);

        [LoggerMessage(8, LogLevel.Debug, "BGP UPDATE from {Peer} treated as withdraw (RFC 7606): {Reason}")]
        public static partial void TreatAsWithdraw(ILogger logger, string peer, string reason);

        [LoggerMessage(9, LogLevel.Information, "BGP connection collision with {Peer}: keeping the {Kept} connection (RFC 4271 §6.8)")]
        public static partial void CollisionResolved(ILogger logger, string peer, string kept);

        [LoggerMessage(10, LogLevel.Warning, "BGP session to {Peer} has no {Family} next hop; those prefixes stay pending")]
        public static partial void NoNextHop(ILogger logger, string peer, string family);

        [LoggerMessage(11, LogLevel.Debug, "BGP sent {Peer} {Messages} UPDATE(s): {Announced} prefixes announced, {Withdrawn} withdrawn")]
        public static partial void Synced(ILogger logger, string peer, int messages, int announced, int withdrawn);

        [LoggerMessage(12, LogLevel.Warning, "BFD to BGP peer {Peer} went down ({Diagnostic}): closing the BGP session without waiting for the hold timer")]
        public static partial void BfdDown(ILogger logger, string peer, BfdDiagnostic diagnostic);

        [LoggerMessage(13, LogLevel.Warning, "BFD to BGP peer {Peer} cannot run, the hold timer alone guards the session: {Reason}")]
        public static partial void BfdUnavailable(ILogger logger, string peer, string reason);

        [LoggerMessage(40, LogLevel.Warning, "BGP peer {Peer} gets no session until this is fixed: {Reason}")]
        public static partial void PeerUnusable(ILogger logger, string peer, string reason);
    }
}
