namespace Ingot.Plugins.L2.Membership;

/// <summary>What the core did with an authenticated message; the refused ones are drop reasons.</summary>
internal enum ReceiveOutcome
{
    Accepted,

    /// <summary>A sequence already seen or older than the window, an incarnation older than the current one, or this
    /// node's own message reflected back.</summary>
    Replay,

    /// <summary>The sender is not an expected member.</summary>
    UnknownSender,
}
