using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.L2.Membership;

/// <summary>The membership service's log messages, with stable event ids (100+, apart from the plugin's <c>Log</c>).</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(101, LogLevel.Warning, "layer2: no membership peer heard on UDP port {Port} since start; falling back to the Node-readiness election (check that UDP {Port} is open between speakers and that every speaker has the same key)")]
    public static partial void Fallback(ILogger logger, int port);

    [LoggerMessage(102, LogLevel.Warning, "layer2: membership send to {Node} ({Endpoint}) failed: {Message} ({Count} failures so far)")]
    public static partial void SendFailed(ILogger logger, string node, string endpoint, string message, long count);

    [LoggerMessage(103, LogLevel.Warning, "layer2: membership receive failed: {Message}")]
    public static partial void ReceiveFailed(ILogger logger, string message);

    [LoggerMessage(104, LogLevel.Information, "layer2: membership listening on UDP {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);
}
