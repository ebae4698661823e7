using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.L2;

/// <summary>The plugin's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "layer2: announcing {Address} on {Interfaces}")]
    public static partial void Announcing(ILogger logger, string address, string interfaces);

    [LoggerMessage(2, LogLevel.Information, "layer2: withdrew {Address}")]
    public static partial void Withdrew(ILogger logger, string address);

    [LoggerMessage(3, LogLevel.Information, "layer2: responder started on {Interface} ({Mac})")]
    public static partial void ResponderStarted(ILogger logger, string @interface, string mac);

    [LoggerMessage(4, LogLevel.Information, "layer2: responder stopped on {Interface}")]
    public static partial void ResponderStopped(ILogger logger, string @interface);

    [LoggerMessage(5, LogLevel.Warning, "layer2: cannot open interface {Interface}: {Message}")]
    public static partial void ResponderFailed(ILogger logger, string @interface, string message);

    [LoggerMessage(6, LogLevel.Warning, "layer2: {Address}: none of the interfaces {Interfaces} exists here and is up (announceFailed)")]
    public static partial void NoInterface(ILogger logger, string address, string interfaces);

    [LoggerMessage(7, LogLevel.Warning, "layer2: capture on {Interface} failed: {Message}")]
    public static partial void CaptureFailed(ILogger logger, string @interface, string message);

    [LoggerMessage(8, LogLevel.Warning, "layer2: sending on {Interface} failed: {Message}")]
    public static partial void SendFailed(ILogger logger, string @interface, string message);

    [LoggerMessage(9, LogLevel.Warning, "layer2: multicast group {Group} on {Interface}: {Message}")]
    public static partial void MulticastFailed(ILogger logger, string group, string @interface, string message);

    [LoggerMessage(11, LogLevel.Information, "layer2: responder thread on {Interface}: SCHED_FIFO priority {Priority} applied: {Applied} (needs CAP_SYS_NICE)")]
    public static partial void RealtimeScheduling(ILogger logger, string @interface, int priority, bool applied);

    [LoggerMessage(10, LogLevel.Debug, "layer2: gratuitous round for {Address}: {Packets} packets")]
    public static partial void GratuitousRound(ILogger logger, string address, int packets);

    [LoggerMessage(12, LogLevel.Information, "layer2: membership changed (mode {Mode}, fenced {Fenced}): {Members}; re-elected")]
    public static partial void MembershipElection(ILogger logger, string mode, bool fenced, string members);

    [LoggerMessage(13, LogLevel.Debug, "layer2: fenced, withheld the gratuitous round for {Address}")]
    public static partial void Withheld(ILogger logger, string address);

    [LoggerMessage(14, LogLevel.Warning, "layer2: no rtnetlink link events (errno {Errno}); link changes are seen only by the 10 s rescan")]
    public static partial void NetlinkUnavailable(ILogger logger, int errno);

    [LoggerMessage(15, LogLevel.Warning, "layer2: rtnetlink {Operation} failed (errno {Errno})")]
    public static partial void NetlinkFailed(ILogger logger, string operation, int errno);

    [LoggerMessage(16, LogLevel.Warning, "layer2: dropped {Count} malformed rtnetlink messages")]
    public static partial void NetlinkMalformed(ILogger logger, int count);

    [LoggerMessage(17, LogLevel.Warning, "layer2: every announcing interface is down ({Interfaces}): this node withdraws its candidacy")]
    public static partial void LinkDown(ILogger logger, string interfaces);

    [LoggerMessage(18, LogLevel.Information, "layer2: an announcing interface is up again: this node is a candidate again")]
    public static partial void LinkUp(ILogger logger);

    [LoggerMessage(19, LogLevel.Warning, "layer2: {Address} is also answered by {Mac} ({Node}) on {Interface}: {Action}")]
    public static partial void Conflict(ILogger logger, string address, string mac, string node, string @interface, string action);
}
